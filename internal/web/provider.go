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
	Uploads []model.ImportInfo
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
	ups, err := s.vault.providerUploads(r.Context(), a, "aanlevering: eigen uploads bekijken")
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "uploads", page{Title: "Leveringen aanleveren", Data: uploadsView{Uploads: ups, Token: token,
		Columns: strings.Join(intake.DeliveryColumns, ","), AGB: a.AGB, Limit: sizeText(s.opts.MaxUploadBytes)}})
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
	sum, err := s.vault.upload(r.Context(), s.imp, actorOf(r), filepath.Base(p.FileName()), body, "aanlevering: bestand uploaden")
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
	Info       model.ImportInfo
	Rejections []model.RejectionRow
}

func (s *server) uploadReport(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		// Still an attempt on someone's upload: let Decide log the deny.
		id = -1
	}
	var info model.ImportInfo
	var rej []model.RejectionRow
	if id > 0 {
		info, rej, err = s.vault.uploadReport(r.Context(), actorOf(r), id, "aanlevering: validatierapport")
	} else {
		_, err = s.gate.Decide(r.Context(), actorOf(r), access.Read, access.Resource(access.KindImport, r.PathValue("id")), "aanlevering: validatierapport")
		if err == nil {
			err = errInput("Onbekend uploadnummer.")
		}
	}
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "report", page{Title: "Validatierapport " + info.FileName, Data: reportView{Info: info, Rejections: rej},
		Crumbs: []navItem{{Label: "Aanleveren", Href: "/aanlevering"}}})
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
