// Package model is Ontschot's shared vocabulary: the types and code lists
// every layer speaks — the calendar Date, the code lists with their Dutch
// names (geldstroom, JZ020/WMO020 care types, WJ756 units), the published
// cell and release, areas, policy documents, users, sessions, assignments,
// audit records and the rows a household page shows.
//
// It is plain values and pure functions: it must never do I/O, import
// another Ontschot package or decide who may see what. Older names stay
// as type aliases where they were (store.ReleaseCell = model.Cell,
// intake.Date = model.Date, store.User = model.User, …) so that parallel
// work keeps compiling; new code names the model type.
package model
