package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/model"
	"github.com/ontschot/ontschot/internal/money"
)

// vault is the only way the web reaches personal data, through the
// access.Gate (the web holds no store). Every read of
// personal data happens inside the callback of access.DecideAndRead (the
// family's feedback inside access.DecideAndWrite), in the transaction that
// checked the assignment or entitlement and wrote the audit record, so a
// decision cannot go stale before its read (SPEC §4). The route-inventory
// test checks that no code in this package reads personal data any other
// way and that every other store call here comes after a decision.
type vault struct {
	gate *access.Gate
}

// errDenied carries a deny to the handler, which answers 403.
type errDenied struct{ d access.Decision }

func (e errDenied) Error() string { return "geen toegang: " + e.d.Reason }

// decide is for decisions without a personal read after them
// (administration, uploads): a deny comes back as errDenied.
func (v *vault) decide(ctx context.Context, actor access.Actor, action, resource, purpose string) (access.Decision, error) {
	d, err := v.gate.Decide(ctx, actor, action, resource, purpose)
	return d, allowed(d, err)
}

// allowed turns the answer of access.DecideAndRead (or Decide) into one
// error: the failure, errDenied for a deny, or nil.
func allowed(d access.Decision, err error) error {
	if err != nil {
		return err
	}
	if !d.Allowed {
		return errDenied{d}
	}
	return nil
}

// caseRow is one household on a professional's list.
type caseRow struct {
	Household  string
	Zaaknummer string // the professional's own case number
	ValidFrom  int64
	ValidTo    int64
	Basis      string
	Persons    int
	Providers  int
	AmountCent money.Cents
	// First and Last bound the deliveries AmountCent adds up (0 when none).
	First, Last int64
	Open        int // open correction requests of the family
}

// caseload returns the households assigned to the professional today.
func (v *vault) caseload(ctx context.Context, actor access.Actor, purpose string) ([]caseRow, error) {
	var out []caseRow
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindHouseholds, purpose, func(r *access.PersonalReader) error {
		as, err := r.Assignments(ctx, actor.UserID)
		if err != nil {
			return err
		}
		today := access.Today()
		seen := map[string]bool{}
		for _, a := range as {
			// An assignment waiting for approval gives no access, so its
			// household is not on the list (nor summed) until approved.
			if a.ValidFrom > today || a.ValidTo < today || a.ApprovedBy == "" || seen[a.Household] {
				continue
			}
			seen[a.Household] = true
			n, prov, amount, err := r.SummarizeHousehold(ctx, a.Household, today)
			if err != nil {
				return err
			}
			row := caseRow{Household: a.Household, Zaaknummer: a.Zaaknummer, ValidFrom: a.ValidFrom, ValidTo: a.ValidTo, Basis: a.LegalBasis, Persons: n, Providers: prov, AmountCent: amount}
			members, err := r.HouseholdMembers(ctx, a.Household, today)
			if err != nil {
				return err
			}
			if row.First, row.Last, err = r.DeliveryPeriod(ctx, personIDs(members)); err != nil {
				return err
			}
			if row.Open, err = r.OpenCorrections(ctx, a.Household); err != nil {
				return err
			}
			out = append(out, row)
		}
		return nil
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AmountCent > out[j].AmountCent })
	return out, nil
}

// householdData is everything the household page shows.
type householdData struct {
	ID          string
	Decision    access.Decision
	Zaaknummer  string // the viewing professional's case number for it
	Persons     []model.HouseholdPerson
	Delivered   []model.DeliveryRow
	Assigned    []model.AssignedProduct
	Feedback    []model.Feedback
	Corrections []model.CorrectionRequest
}

func personIDs(ps []model.HouseholdPerson) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Person
	}
	return out
}

// portalPerson is one person a member may see: themselves or a minor.
type portalPerson struct {
	Person    model.HouseholdPerson
	Self      bool
	Delivered []model.DeliveryRow
	Assigned  []model.AssignedProduct
}

type portalData struct {
	People []portalPerson
	// Hulpverleners are the professionals assigned to the household today:
	// how the family reaches them.
	Hulpverleners []model.Contact
	Corrections   []model.CorrectionRequest
	// HouseholdTotal is set only when every adult of the household is an
	// entitled member (SPEC §4).
	HouseholdTotal  *int64
	HouseholdDenied string
	// HouseholdFirst and HouseholdLast bound the deliveries HouseholdTotal
	// adds up.
	HouseholdFirst, HouseholdLast int64
	Feedback                      []model.Feedback
}

// portal returns what a member may see: their own deliveries, their
// minors' and, where allowed, the household total. Each person is its own
// decision and read; the member's own read also finds their minors and
// household as they stand in that transaction.
func (v *vault) portal(ctx context.Context, actor access.Actor, purpose string) (portalData, error) {
	var pd portalData
	today := access.Today()
	hh := ""
	people := []string{actor.Person}
	for i := 0; i < len(people); i++ {
		person := people[i]
		var pp portalPerson
		var fb []model.Feedback
		var cr []model.CorrectionRequest
		var kids []string
		d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindPerson, person), purpose, func(r *access.PersonalReader) error {
			p, err := r.Person(ctx, person)
			if err != nil && !errors.Is(err, model.ErrNotFound) {
				return err
			}
			pp = portalPerson{Person: p, Self: i == 0}
			if pp.Delivered, err = r.DeliveriesOf(ctx, []string{person}); err != nil {
				return err
			}
			if pp.Assigned, err = r.AssignedProductsOf(ctx, []string{person}); err != nil {
				return err
			}
			if fb, err = r.FeedbackAbout(ctx, []string{person}); err != nil {
				return err
			}
			if cr, err = r.CorrectionsAbout(ctx, []string{person}); err != nil {
				return err
			}
			if i > 0 {
				return nil
			}
			if kids, err = r.Children(ctx, person, today); err != nil {
				return err
			}
			if hh, err = r.HouseholdOf(ctx, person, today); err != nil {
				return err
			}
			// Who the family's hulpverlener is: the name and e-mail of the
			// professionals assigned to their own household, nothing more.
			pd.Hulpverleners, err = r.Hulpverleners(ctx, hh, today)
			return err
		})
		if err := allowed(d, err); err != nil {
			var den errDenied
			if i > 0 && errors.As(err, &den) {
				continue // a minor no longer under authority: left out
			}
			return portalData{}, err
		}
		people = append(people, kids...)
		pd.People = append(pd.People, pp)
		pd.Feedback = append(pd.Feedback, fb...)
		pd.Corrections = append(pd.Corrections, cr...)
	}
	sort.SliceStable(pd.Corrections, func(i, j int) bool { return pd.Corrections[i].ID > pd.Corrections[j].ID })
	// Newest first over all persons, as one query would give it.
	sort.SliceStable(pd.Feedback, func(i, j int) bool { return pd.Feedback[i].ID > pd.Feedback[j].ID })
	if hh == "" {
		return pd, nil
	}
	var total money.Cents
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindHousehold, hh), purpose+": huishoudtotaal", func(r *access.PersonalReader) error {
		members, err := r.HouseholdMembers(ctx, hh, today)
		if err != nil {
			return err
		}
		ds, err := r.DeliveriesOf(ctx, personIDs(members))
		if err != nil {
			return err
		}
		for _, d := range ds {
			total += d.AmountCent
		}
		pd.HouseholdFirst, pd.HouseholdLast = spanOf(ds)
		return nil
	})
	if err := allowed(d, err); err != nil {
		var den errDenied
		if errors.As(err, &den) {
			pd.HouseholdDenied = den.d.Reason
			return pd, nil
		}
		return pd, err
	}
	t := int64(total)
	pd.HouseholdTotal = &t
	return pd, nil
}

// feedbackInput is one piece of feedback as a member gives it.
type feedbackInput struct {
	Person     string // the person it is about (self or a minor)
	AGB        string
	DeliveryID int64 // 0 for feedback on the provider as a whole
	Score      int
	Body       string
}

// giveFeedback stores a member's feedback after checking they may speak
// for the person and that the provider or delivery is theirs; the check,
// the audit record and the write are one transaction.
func (v *vault) giveFeedback(ctx context.Context, actor access.Actor, in feedbackInput, purpose string) (int64, error) {
	if in.Score < 1 || in.Score > 5 {
		return 0, errInput("Kies een score van 1 tot en met 5.")
	}
	in.Body = strings.TrimSpace(in.Body)
	if len(in.Body) > 2000 {
		return 0, errInput("Uw toelichting is te lang: hoogstens 2.000 tekens.")
	}
	resource := access.Resource(access.KindPerson, in.Person)
	if in.DeliveryID > 0 {
		resource = access.Resource(access.KindDelivery, strconv.FormatInt(in.DeliveryID, 10))
	}
	var id int64
	d, err := v.gate.DecideAndWrite(ctx, actor, access.Feedback, resource, purpose, func(w *access.PersonalWriter) error {
		// The provider or delivery must be one the person actually received.
		ds, err := w.DeliveriesOf(ctx, []string{in.Person})
		if err != nil {
			return err
		}
		var del *int64
		found := false
		for _, d := range ds {
			if in.DeliveryID > 0 && d.ID == in.DeliveryID {
				id := d.ID
				del, in.AGB, found = &id, d.AGB, true
				break
			}
			if in.DeliveryID == 0 && d.AGB == in.AGB {
				found = true
			}
		}
		if !found {
			return errInput("Deze aanbieder of levering hoort niet bij de gekozen persoon.")
		}
		id, err = w.InsertFeedback(ctx, model.Feedback{Author: actor.Username, Subject: in.Person, AGB: in.AGB, DeliveryID: del, Score: in.Score, Body: in.Body})
		return err
	})
	if err := allowed(d, err); err != nil {
		return 0, err
	}
	return id, nil
}

type errInput string

func (e errInput) Error() string { return string(e) }

// accessLog returns who looked at the member's data and their minors'.
func (v *vault) accessLog(ctx context.Context, actor access.Actor, purpose string) ([]model.AuditRecord, error) {
	var recs []model.AuditRecord
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindAccessLog, actor.Person), purpose, func(r *access.PersonalReader) error {
		today := access.Today()
		clients := []string{actor.Person}
		kids, err := r.Children(ctx, actor.Person, today)
		if err != nil {
			return err
		}
		clients = append(clients, kids...)
		hh, err := r.HouseholdOf(ctx, actor.Person, today)
		if err != nil {
			return err
		}
		if hh != "" {
			clients = append(clients, hh)
		}
		recs, err = r.AuditAbout(ctx, clients, 500)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return recs, nil
}

// providerUploads lists a provider's own uploads.
func (v *vault) providerUploads(ctx context.Context, actor access.Actor, purpose string) ([]model.ImportInfo, error) {
	var ups []model.ImportInfo
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindProvider, actor.AGB), purpose, func(r *access.PersonalReader) error {
		var err error
		ups, err = r.ImportsOfProvider(ctx, actor.AGB)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return ups, nil
}

// providerFeedback lists the feedback about a provider.
func (v *vault) providerFeedback(ctx context.Context, actor access.Actor, purpose string) ([]model.Feedback, error) {
	var fb []model.Feedback
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindProvider, actor.AGB), purpose, func(r *access.PersonalReader) error {
		var err error
		fb, err = r.FeedbackForProvider(ctx, actor.AGB)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return fb, nil
}

// upload imports a provider's delivery file as that provider: rows of
// another AGB code are rejected by the importer.
func (v *vault) upload(ctx context.Context, imp Uploader, actor access.Actor, channel, name string, r io.Reader, purpose string) (importer.Summary, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return importer.Summary{}, err
	}
	sum, err := imp.Import(ctx, "deliveries", name, r, importer.Source{UploadedBy: actor.Username, AGB: actor.AGB, Channel: channel})
	outcome := "allow"
	detail := fmt.Sprintf("%s: %d regels, %d opgeslagen, %d afgewezen", name, sum.Rows, sum.Accepted, sum.Rejected)
	if err != nil {
		outcome, detail = "error", name+": "+err.Error()
	}
	v.gate.Record(ctx, actor, "upload result", outcome, purpose, detail)
	return sum, err
}

// adminData is what the administration page shows.
type adminData struct {
	Users       []model.User
	Assignments []model.Assignment
}

func (v *vault) adminOverview(ctx context.Context, actor access.Actor, purpose string) (adminData, error) {
	var ad adminData
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindUsers, purpose, func(r *access.PersonalReader) error {
		var err error
		if ad.Users, err = r.Users(ctx); err != nil {
			return err
		}
		ad.Assignments, err = r.Assignments(ctx, 0)
		return err
	})
	if err := allowed(d, err); err != nil {
		return adminData{}, err
	}
	return ad, nil
}

func (v *vault) addUser(ctx context.Context, actor access.Actor, u access.NewUser, email, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindUsers, purpose); err != nil {
		return err
	}
	id, err := v.gate.CreateUser(ctx, u)
	if err != nil || email == "" {
		return err
	}
	return v.gate.SetUserEmail(ctx, id, email)
}

// endAssignment ends an assignment as of end (admin only; the decision and
// the end are both in the audit log).
func (v *vault) endAssignment(ctx context.Context, actor access.Actor, id int64, end model.Date, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindAssignments, purpose); err != nil {
		return err
	}
	if err := v.gate.EndAssignment(ctx, id, end, actor); err != nil {
		return errInput(err.Error())
	}
	return nil
}

func (v *vault) assign(ctx context.Context, actor access.Actor, username string, a access.Assignment, purpose string) error {
	// The case number is checked before the household is looked up, so a
	// BSN typed as a zaaknummer is refused with its own message.
	z, err := access.CheckZaaknummer(a.Zaaknummer)
	if err != nil {
		return errInput(err.Error())
	}
	a.Zaaknummer = z
	if _, err := v.decide(ctx, actor, access.Write, access.KindAssignments, purpose); err != nil {
		return err
	}
	u, err := v.gate.UserByName(ctx, username)
	if errors.Is(err, model.ErrNotFound) {
		return errInput(fmt.Sprintf("Gebruiker %q bestaat niet.", username))
	}
	if err != nil {
		return err
	}
	a.UserID, a.CreatedBy = u.ID, actor.Username
	if v.gate.CanResolveBSN() {
		// Every valid BSN takes the same path and gets the same answer:
		// one without a household (unknown, or a secret address) becomes a
		// request that can never be approved, so the form does not tell
		// whether a BSN has a household.
		h, err := v.gate.ResolveHousehold(ctx, a.Household)
		switch {
		case errors.Is(err, access.ErrNoHousehold):
			h = ""
		case err != nil:
			return errInput(err.Error())
		}
		a.Household = h
	}
	if _, err := v.gate.Assign(ctx, a); err != nil {
		return errInput(err.Error())
	}
	return nil
}

// approvals lists the assignments for the approval page.
func (v *vault) approvals(ctx context.Context, actor access.Actor, purpose string) ([]model.Assignment, error) {
	var as []model.Assignment
	d, err := v.gate.DecideAndRead(ctx, actor, access.List, access.KindAssignments, purpose, func(r *access.PersonalReader) error {
		var err error
		as, err = r.Assignments(ctx, 0)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return as, nil
}

// approve approves an assignment as the second person.
func (v *vault) approve(ctx context.Context, actor access.Actor, id int64, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Approve, access.KindAssignments, purpose); err != nil {
		return err
	}
	if err := v.gate.ApproveAssignment(ctx, id, actor); err != nil {
		return errInput(err.Error())
	}
	return nil
}

// setDisabled disables a user (ending every session and token) or enables
// them again, and logs it.
func (v *vault) setDisabled(ctx context.Context, actor access.Actor, id int64, disabled bool, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindUsers, purpose); err != nil {
		return err
	}
	if id == actor.UserID {
		return errInput("U kunt uw eigen account niet blokkeren.")
	}
	if err := v.gate.SetDisabled(ctx, id, disabled); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return errInput("Deze gebruiker bestaat niet.")
		}
		return err
	}
	what := "geblokkeerd; sessies en API-tokens beëindigd"
	if !disabled {
		what = "weer toegelaten"
	}
	return v.gate.Record(ctx, actor, "write user", "allow", purpose, fmt.Sprintf("gebruiker %d %s", id, what))
}

func (v *vault) audit(ctx context.Context, actor access.Actor, purpose string) ([]model.AuditRecord, access.VerifyReport, error) {
	var recs []model.AuditRecord
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.KindAudit, purpose, func(r *access.PersonalReader) error {
		var err error
		recs, err = r.RecentAudit(ctx, 300)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, access.VerifyReport{}, err
	}
	// The chain check reads hashes, not whose data: it runs after the
	// decision, on the committed log.
	rep, err := v.gate.VerifyAudit(ctx)
	return recs, rep, err
}

// newToken replaces a provider's machine upload token and returns the new one.
func (v *vault) newToken(ctx context.Context, actor access.Actor, purpose string) (string, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return "", err
	}
	if err := v.gate.DeleteUserSessions(ctx, actor.UserID, access.SessionToken); err != nil {
		return "", err
	}
	tok, _, err := v.gate.NewSession(ctx, actor.UserID, access.SessionToken)
	return tok, err
}
