package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/model"
)

// correctionInput is a family's "klopt er iets niet?" as the form gives it.
type correctionInput struct {
	Person     string // the person it is about (self or a minor)
	DeliveryID int64  // 0 when it is not about one delivery
	Body       string
}

// maxCorrection is the longest request text, in characters.
const maxCorrection = 2000

// askCorrection stores a family's correction request after checking that
// the member may speak for the person and that the delivery is the
// person's; the decision, the audit record and the write are one
// transaction. The text is stored with every BSN masked (store), so a BSN
// typed into it never reaches the core store.
func (v *vault) askCorrection(ctx context.Context, actor access.Actor, in correctionInput, purpose string) (int64, error) {
	in.Body = strings.TrimSpace(in.Body)
	if in.Body == "" {
		return 0, errInput("Schrijf wat er volgens u niet klopt.")
	}
	if utf8.RuneCountInString(in.Body) > maxCorrection {
		return 0, errInput("Uw vraag is te lang: hoogstens 2.000 tekens.")
	}
	var id int64
	d, err := v.gate.DecideAndWrite(ctx, actor, access.Correct, access.Resource(access.KindPerson, in.Person), purpose, func(w *access.PersonalWriter) error {
		c := model.CorrectionRequest{Subject: in.Person, Author: actor.Username, Body: in.Body}
		if in.DeliveryID > 0 {
			ds, err := w.DeliveriesOf(ctx, []string{in.Person})
			if err != nil {
				return err
			}
			for _, d := range ds {
				if d.ID == in.DeliveryID {
					id := d.ID
					c.DeliveryID = &id
				}
			}
			if c.DeliveryID == nil {
				return errInput("Deze levering hoort niet bij de gekozen persoon.")
			}
		}
		hh, err := w.HouseholdOf(ctx, in.Person, access.Today())
		if err != nil {
			return err
		}
		c.Household = hh
		id, err = w.InsertCorrection(ctx, c)
		return err
	})
	if err := allowed(d, err); err != nil {
		return 0, err
	}
	return id, nil
}

// correctionForm reads the form: "over" is "<person>" or
// "<person>|levering:<id>", plus the text.
func correctionForm(get func(string) string) (correctionInput, error) {
	person, target, _ := strings.Cut(get("over"), "|")
	in := correctionInput{Person: person, Body: get("vraag")}
	if target == "" {
		return in, nil
	}
	val, ok := strings.CutPrefix(target, "levering:")
	id, err := strconv.ParseInt(val, 10, 64)
	if !ok || err != nil || id <= 0 {
		return in, errInput("Kies waarover uw vraag gaat.")
	}
	in.DeliveryID = id
	return in, nil
}

func (s *server) askCorrection(w http.ResponseWriter, r *http.Request) {
	in, err := correctionForm(r.PostFormValue)
	if err != nil {
		s.handleErr(w, r, err)
		return
	}
	if _, err := s.vault.askCorrection(r.Context(), actorOf(r), in, "gezinsportaal: vraag om correctie"); err != nil {
		s.handleErr(w, r, err)
		return
	}
	http.Redirect(w, r, "/mijn?correctie=1#correctie", http.StatusSeeOther)
}
