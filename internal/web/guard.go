package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
)

// This file is the middleware every route passes (wrap): the session is
// loaded and the route's roles and token scope are checked BEFORE a byte of
// the body is read; every body is capped per route; multipart temp files
// are always removed; an upload streams (its CSRF token must come first).

// Body limits per kind of route.
const (
	loginBodyLimit = 64 << 10 // log-in form and API credentials
	formBodyLimit  = 1 << 20  // every other form and JSON body
)

// bodyLimit is the most bytes rt reads from a request body.
func (s *server) bodyLimit(rt route) int64 {
	switch {
	case rt.upload:
		return s.opts.MaxUploadBytes
	case rt.noCSRF && rt.public:
		return loginBodyLimit
	}
	return formBodyLimit
}

// sizeText says a number of bytes in Dutch for people: "64 MB", "512 kB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d kB", (n+1023)>>10)
}

// wrap loads the session and guards the route: anonymous callers of a
// non-public route, machine tokens outside their scope, bodies over the
// route's cap and forms without the session's CSRF token are turned away
// before the handler runs.
func (s *server) wrap(rt route) http.Handler {
	limit := s.bodyLimit(rt)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rs := s.session(r)
		ctx := access.WithRequest(r.Context(), access.RequestInfo{Source: s.clientIP(r), Session: access.SessionRef(rs.token)})
		r = r.WithContext(context.WithValue(ctx, sessionKey, rs))
		if !rt.public && rs.actor.Anonymous() {
			s.unauthenticated(w, r, rt)
			return
		}
		if rt.pattern == "/" { // no such route: answered without reading the body
			s.notFound(w, r)
			return
		}
		if rs.session.Kind == access.SessionToken && !rt.token {
			// A provider's machine token uploads and reads its own upload
			// reports; nothing else.
			s.gate.Record(r.Context(), rs.actor, "token "+rt.pattern, "deny", "API-token", "een uploadtoken geeft alleen toegang tot uploads")
			writeJSON(w, http.StatusForbidden, apiError{Error: "dit API-token is alleen voor uploads / this token is for uploads only"})
			return
		}
		if r.ContentLength > limit {
			s.tooLarge(w, r, limit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		if r.Method == http.MethodPost && !rs.api && !rt.noCSRF && !s.checkCSRF(w, r, rt, limit) {
			return
		}
		if s.outOfScope(w, r) { // an area of another gemeente (analyst_scope.go)
			return
		}
		rt.h(w, r)
	})
}

// session finds the caller's session: a bearer token (API) or the cookie.
func (s *server) session(r *http.Request) *reqState {
	rs := &reqState{}
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		tok := strings.TrimSpace(strings.TrimPrefix(h, "Bearer "))
		if ss, err := s.gate.SessionOf(r.Context(), tok); err == nil && ss.Kind != access.SessionWeb {
			rs.actor, rs.session, rs.token, rs.api = access.ActorOf(ss.User), ss, tok, true
		}
	} else if c, err := r.Cookie(sessionCookie); err == nil {
		if ss, err := s.gate.SessionOf(r.Context(), c.Value); err == nil && ss.Kind == access.SessionWeb {
			rs.actor, rs.session, rs.token = access.ActorOf(ss.User), ss, c.Value
		}
	}
	return rs
}

// checkCSRF reads the form (an upload: only up to its csrf field, which
// must come first) and checks the session's token; false when it answered.
func (s *server) checkCSRF(w http.ResponseWriter, r *http.Request, rt route, limit int64) bool {
	rs := stateOf(r)
	got := r.Header.Get("X-CSRF-Token")
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch {
	case rt.upload && mt == "multipart/form-data":
		rs.parts, err = r.MultipartReader()
		if err == nil && got == "" {
			got, err = firstField(rs.parts, "csrf")
		}
	case mt == "multipart/form-data":
		err = r.ParseMultipartForm(limit) // in memory: the body is capped at limit
	default:
		err = r.ParseForm()
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		s.tooLarge(w, r, limit)
		return false
	}
	if err != nil && !errors.Is(err, errNoCSRFField) {
		s.fail(w, r, http.StatusBadRequest, "Het formulier kon niet worden gelezen.")
		return false
	}
	if got == "" && !rt.upload {
		got = r.PostFormValue("csrf")
	}
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(rs.session.CSRF)) != 1 {
		s.gate.Record(r.Context(), rs.actor, "csrf "+rt.pattern, "deny", "formulier", "ontbrekend of onjuist CSRF-token")
		s.fail(w, r, http.StatusForbidden, "Dit formulier is verlopen of niet van deze site. Laad de pagina opnieuw en probeer het nog eens.")
		return false
	}
	return true
}

var errNoCSRFField = errors.New("csrf field not first")

// firstField reads the first part of a multipart body, which must be the
// small field name.
func firstField(mr *multipart.Reader, name string) (string, error) {
	p, err := mr.NextPart()
	if err != nil {
		return "", err
	}
	defer p.Close()
	if p.FormName() != name || p.FileName() != "" {
		return "", errNoCSRFField
	}
	b, err := io.ReadAll(io.LimitReader(p, 256))
	return strings.TrimSpace(string(b)), err
}

func (s *server) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	w.Header().Set("Connection", "close")
	s.fail(w, r, http.StatusRequestEntityTooLarge, "Dit is te groot: hoogstens "+sizeText(limit)+" per keer. Splits het bestand en lever de delen apart aan.")
}

// filePart returns the next file part named field of a streamed upload.
func filePart(mr *multipart.Reader, field string) (*multipart.Part, error) {
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, err
		}
		if p.FormName() == field && p.FileName() != "" {
			return p, nil
		}
		p.Close()
	}
}

// downloadName makes a file name safe for a Content-Disposition header:
// letters, digits, dot, dash and underscore only (anything else becomes a
// dash), no leading dot, at most 120 bytes.
func downloadName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
		if !ok {
			r = '-'
		}
		if r == '-' && dash {
			continue
		}
		dash = r == '-'
		b.WriteRune(r)
	}
	out := strings.Trim(b.String(), ".-")
	if len(out) > 120 {
		out = out[len(out)-120:] // keep the extension
	}
	if out == "" {
		out = "download"
	}
	return out
}

// attachment sets the header of every download: one place builds the name.
func attachment(w http.ResponseWriter, name string) {
	w.Header().Set("Content-Disposition", `attachment; filename="`+downloadName(name)+`"`)
}
