// Package export writes what Ontschot lets people take away: CSV tables,
// Excel workbooks (through excelize) and the printable PDF reports of a
// release and of a business case. Both web (downloads) and cli (`ontschot
// release report`) use it.
//
// It writes only what it is given or what a release published: the
// release report reads released tables through ReleaseSource and nothing
// else, so a suppressed cell stays "onderdrukt", never 0. It must never
// read household-level data, decide who may download, or touch HTTP; the
// caller has done the access decision before it asks for a file.
package export
