package model

// ImportInfo is one uploaded file as its provider sees it.
type ImportInfo struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	FileName   string `json:"file"`
	Format     string `json:"format"`
	UploadedBy string `json:"uploaded_by"`
	AGB        string `json:"agb"`
	Rows       int    `json:"rows"`
	Accepted   int    `json:"accepted"`
	Duplicates int    `json:"duplicates"`
	Rejected   int    `json:"rejected"`
	CreatedAt  string `json:"created_at"`
}

// RejectionRow is one rejected line of an import.
type RejectionRow struct {
	Line     int    `json:"line"`
	Field    string `json:"field"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
}
