// Package analysis holds the calculations the analyst and the professional
// see the outcome of: the trend per area against the nulmeting,
// difference-in-differences between two released measurements, a business
// case's forecast set against released spend, the concentration figures a
// release published, and a household plan's spend against its budget.
//
// Everything here is a pure function over plain values (released cells,
// delivery rows, an evaluated business case): no I/O, no store, no request,
// no formatting for a page. Amounts are summed as money.Cents, exactly;
// only ratios and per-1,000 figures become floats. It must never widen
// what a caller may see: the analyst's functions take released cells only,
// and the plan's spend takes the rows the access decision already allowed.
package analysis
