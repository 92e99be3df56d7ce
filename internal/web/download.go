package web

import (
	"bytes"
	"io"
	"net/http"
)

// Content types of the downloads.
const (
	typeCSV  = "text/csv; charset=utf-8"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	typePDF  = "application/pdf"
)

// sendFile answers with a download that write makes (package export). The
// file is made in memory first, so a failure gives an error page, never
// half a file.
func (s *server) sendFile(w http.ResponseWriter, r *http.Request, contentType, name string, write func(io.Writer) error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", contentType)
	attachment(w, name)
	w.Write(buf.Bytes())
}
