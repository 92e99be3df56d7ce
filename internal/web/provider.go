package web

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

type uploadsView struct {
	History []historyRow // what the provider delivered, through every channel
	Token   string
	Columns string
	AGB     string
	Limit   string // the most one upload may hold, for people
}

func (s *server) uploads(w http.ResponseWriter, r *http.Request) {
	s.showUploads(w, r, "")
}

func (s *server) showUploads(w http.ResponseWriter, r *http.Request, token string) {
	a := actorOf(r)
	hist, err := s.vault.providerHistory(r.Context(), a, "aanlevering: eigen leveringen bekijken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	rows := make([]historyRow, len(hist))
	for i, h := range hist {
		rows[i] = historyRow{Delivered: h, Channel: channelLabel(h), Format: formatLabel(h.ImportInfo)}
	}
	s.render(w, r, http.StatusOK, "uploads", page{Title: "Leveringen aanleveren", Data: uploadsView{History: rows, Token: token,
		Columns: strings.Join(intake.TemplateHeader(), ","), AGB: a.AGB, Limit: sizeText(s.opts.MaxUploadBytes)}})
}

// historyRow is one file of the provider's history, with its channel and
// format in words.
type historyRow struct {
	model.Delivered
	Channel string
	Format  string
}

// channelLabel names how a file came in.
func channelLabel(d model.Delivered) string {
	switch {
	case d.Channel == "web":
		return "Website"
	case d.Channel == "api":
		return "API (token)"
	case d.Kind == "flows":
		return "Stromen, ingelezen door de gemeente"
	case d.Format != "csv" && d.Format != "":
		return "Berichtenverkeer, ingelezen door de gemeente"
	}
	return "Bestand, ingelezen door de gemeente"
}

// formatLabel names a file's format: CSV, or the iJw/iWmo message.
func formatLabel(i model.ImportInfo) string {
	switch {
	case i.Kind == "flows":
		return "CSV (stromen)"
	case i.Format == "csv" || i.Format == "":
		return "CSV"
	case i.Format == "xml":
		return "XML"
	}
	return "XML " + i.Format
}

// upload streams the file part of the form into the importer: nothing is
// buffered in memory or on disk first (wrap read the csrf field before it).
func (s *server) upload(w http.ResponseWriter, r *http.Request) {
	var p *multipart.Part
	err := errors.New("no multipart body")
	if parts := stateOf(r).parts; parts != nil {
		p, err = filePart(parts, "bestand")
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.tooLarge(w, r, s.opts.MaxUploadBytes)
		return
	}
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "Kies een bestand om aan te leveren (CSV of iJw/iWmo-XML).")
		return
	}
	defer p.Close()
	body := &capReader{r: p}
	sum, err := s.vault.upload(r.Context(), s.imp, actorOf(r), "web", filepath.Base(p.FileName()), body, "aanlevering: bestand uploaden")
	if body.hit {
		s.tooLarge(w, r, s.opts.MaxUploadBytes)
		return
	}
	if err != nil {
		if _, ok := err.(errDenied); ok {
			s.handleErr(w, r, err)
			return
		}
		// A refused file (wrong header, wrong message) is the provider's to fix.
		s.fail(w, r, http.StatusBadRequest, "Het bestand is niet verwerkt: "+err.Error())
		return
	}
	http.Redirect(w, r, "/aanlevering/"+strconv.FormatInt(sum.ImportID, 10), http.StatusSeeOther)
}

type reportView struct {
	Info   model.ImportInfo
	Groups []reportGroup // by field and kind of problem, with the first lines of each
	// Problems counts the rejections (a line may have several); Info.Rejected
	// counts the lines.
	Problems int
}

func (s *server) uploadReport(w http.ResponseWriter, r *http.Request) {
	id, ok := s.uploadID(w, r, "aanlevering: validatierapport")
	if !ok {
		return
	}
	info, groups, _, err := s.vault.uploadReportGroups(r.Context(), actorOf(r), id, 0, "aanlevering: validatierapport")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	view := reportView{Info: info}
	for _, g := range groups {
		view.Problems += g.Count
		view.Groups = append(view.Groups, reportGroup{RejectionGroup: g, More: g.Count - len(g.First)})
	}
	s.render(w, r, http.StatusOK, "report", page{Title: "Validatierapport " + info.FileName, Data: view,
		Crumbs: []navItem{{Label: "Aanleveren", Href: "/aanlevering"}}})
}

// reportGroup is one kind of problem with the count of its lines not shown.
type reportGroup struct {
	model.RejectionGroup
	More int
}

// uploadID reads the upload number of the path. A bad one is still an
// attempt on someone's upload: Decide logs the deny, and the answer is the
// one for an upload that is not the provider's.
func (s *server) uploadID(w http.ResponseWriter, r *http.Request, purpose string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil && id > 0 {
		return id, true
	}
	_, err = s.gate.Decide(r.Context(), actorOf(r), access.Read, access.Resource(access.KindImport, r.PathValue("id")), purpose)
	if err == nil {
		err = errInput("Onbekend uploadnummer.")
	}
	s.handleErr(w, r, err)
	return 0, false
}

func (s *server) providerFeedback(w http.ResponseWriter, r *http.Request) {
	fb, err := s.vault.providerFeedback(r.Context(), actorOf(r), "aanlevering: feedback van gezinnen")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "providerfeedback", page{Title: "Feedback van gezinnen", Data: fb})
}

func (s *server) newToken(w http.ResponseWriter, r *http.Request) {
	tok, err := s.vault.newToken(r.Context(), actorOf(r), "aanlevering: API-token maken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.showUploads(w, r, tok)
}

// capReader notes whether reading hit the body's cap (http.MaxBytesReader),
// whatever the importer makes of the error.
type capReader struct {
	r   io.Reader
	hit bool
}

func (c *capReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		c.hit = true
	}
	return n, err
}
