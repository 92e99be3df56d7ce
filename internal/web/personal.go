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
	"github.com/ontschot/ontschot/internal/store"
)

// vault is the only way the web reaches personal data. Every method asks
// access.Decide first and reads only when allowed; the route-inventory test
// checks that no other code in this package calls the store's personal
// reads and that every method here decides before it reads.
type vault struct {
	st *store.Store
}

// errDenied carries a deny to the handler, which answers 403.
type errDenied struct{ d access.Decision }

func (e errDenied) Error() string { return "geen toegang: " + e.d.Reason }

func (v *vault) decide(ctx context.Context, actor access.Actor, action, resource, purpose string) (access.Decision, error) {
	d, err := access.Decide(ctx, v.st, actor, action, resource, purpose)
	if err != nil {
		return d, err
	}
	if !d.Allowed {
		return d, errDenied{d}
	}
	return d, nil
}

// caseRow is one household on a professional's list.
type caseRow struct {
	Household  string
	ValidFrom  int64
	ValidTo    int64
	Basis      string
	Persons    int
	Providers  int
	AmountCent int64
}

// caseload returns the households assigned to the professional today.
func (v *vault) caseload(ctx context.Context, actor access.Actor, purpose string) ([]caseRow, error) {
	if _, err := v.decide(ctx, actor, access.List, access.KindHouseholds, purpose); err != nil {
		return nil, err
	}
	as, err := v.st.Assignments(ctx, actor.UserID)
	if err != nil {
		return nil, err
	}
	today := access.Today()
	seen := map[string]bool{}
	var out []caseRow
	for _, a := range as {
		if a.ValidFrom > today || a.ValidTo < today || seen[a.Household] {
			continue
		}
		seen[a.Household] = true
		n, prov, amount, err := v.st.SummarizeHousehold(ctx, a.Household, today)
		if err != nil {
			return nil, err
		}
		out = append(out, caseRow{Household: a.Household, ValidFrom: a.ValidFrom, ValidTo: a.ValidTo, Basis: a.LegalBasis, Persons: n, Providers: prov, AmountCent: amount})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].AmountCent > out[j].AmountCent })
	return out, nil
}

// householdData is everything the household page shows.
type householdData struct {
	ID        string
	Decision  access.Decision
	Persons   []store.HouseholdPerson
	Delivered []store.DeliveryRow
	Assigned  []store.AssignedProduct
	Feedback  []store.Feedback
}

// household returns one household's data for a professional.
func (v *vault) household(ctx context.Context, actor access.Actor, id, purpose string) (householdData, error) {
	d, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindHousehold, id), purpose)
	if err != nil {
		return householdData{}, err
	}
	h := householdData{ID: id, Decision: d}
	h.Persons, err = v.st.HouseholdMembers(ctx, id, access.Today())
	if err != nil {
		return h, err
	}
	ids := personIDs(h.Persons)
	if h.Delivered, err = v.st.DeliveriesOf(ctx, ids); err != nil {
		return h, err
	}
	if h.Assigned, err = v.st.AssignedProductsOf(ctx, ids); err != nil {
		return h, err
	}
	h.Feedback, err = v.st.FeedbackAbout(ctx, ids)
	return h, err
}

func personIDs(ps []store.HouseholdPerson) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Person
	}
	return out
}

// portalPerson is one person a member may see: themselves or a minor.
type portalPerson struct {
	Person    store.HouseholdPerson
	Self      bool
	Delivered []store.DeliveryRow
	Assigned  []store.AssignedProduct
}

type portalData struct {
	People []portalPerson
	// HouseholdTotal is set only when every adult of the household is an
	// entitled member (SPEC §4).
	HouseholdTotal  *int64
	HouseholdDenied string
	Feedback        []store.Feedback
}

// portal returns what a member may see: their own deliveries, their
// minors' and, where allowed, the household total.
func (v *vault) portal(ctx context.Context, actor access.Actor, purpose string) (portalData, error) {
	var pd portalData
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindPerson, actor.Person), purpose); err != nil {
		return pd, err
	}
	today := access.Today()
	self, err := v.st.Person(ctx, actor.Person)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return pd, err
	}
	people := []store.HouseholdPerson{self}
	kids, err := v.st.Children(ctx, actor.Person, today)
	if err != nil {
		return pd, err
	}
	for _, k := range kids {
		if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindPerson, k), purpose); err != nil {
			var den errDenied
			if errors.As(err, &den) {
				continue
			}
			return pd, err
		}
		kp, err := v.st.Person(ctx, k)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return pd, err
		}
		people = append(people, kp)
	}
	var all []string
	for i, p := range people {
		ds, err := v.st.DeliveriesOf(ctx, []string{p.Person})
		if err != nil {
			return pd, err
		}
		as, err := v.st.AssignedProductsOf(ctx, []string{p.Person})
		if err != nil {
			return pd, err
		}
		pd.People = append(pd.People, portalPerson{Person: p, Self: i == 0, Delivered: ds, Assigned: as})
		all = append(all, p.Person)
	}
	if pd.Feedback, err = v.st.FeedbackAbout(ctx, all); err != nil {
		return pd, err
	}
	hh, err := v.st.HouseholdOf(ctx, actor.Person, today)
	if err != nil || hh == "" {
		return pd, err
	}
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindHousehold, hh), purpose+": huishoudtotaal"); err != nil {
		var den errDenied
		if errors.As(err, &den) {
			pd.HouseholdDenied = den.d.Reason
			return pd, nil
		}
		return pd, err
	}
	members, err := v.st.HouseholdMembers(ctx, hh, today)
	if err != nil {
		return pd, err
	}
	ds, err := v.st.DeliveriesOf(ctx, personIDs(members))
	if err != nil {
		return pd, err
	}
	var total int64
	for _, d := range ds {
		total += d.AmountCent
	}
	pd.HouseholdTotal = &total
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
// for the person and that the provider or delivery is theirs.
func (v *vault) giveFeedback(ctx context.Context, actor access.Actor, in feedbackInput, purpose string) (int64, error) {
	if in.Score < 1 || in.Score > 5 {
		return 0, errInput("Kies een score van 1 tot en met 5.")
	}
	in.Body = strings.TrimSpace(in.Body)
	if len(in.Body) > 2000 {
		return 0, errInput("Uw toelichting is te lang: hoogstens 2.000 tekens.")
	}
	if in.DeliveryID > 0 {
		if _, err := v.decide(ctx, actor, access.Feedback, access.Resource(access.KindDelivery, strconv.FormatInt(in.DeliveryID, 10)), purpose); err != nil {
			return 0, err
		}
	} else if _, err := v.decide(ctx, actor, access.Feedback, access.Resource(access.KindPerson, in.Person), purpose); err != nil {
		return 0, err
	}
	// The provider or delivery must be one the person actually received.
	ds, err := v.st.DeliveriesOf(ctx, []string{in.Person})
	if err != nil {
		return 0, err
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
		return 0, errInput("Deze aanbieder of levering hoort niet bij de gekozen persoon.")
	}
	return v.st.InsertFeedback(ctx, store.Feedback{Author: actor.Username, Subject: in.Person, AGB: in.AGB, DeliveryID: del, Score: in.Score, Body: in.Body})
}

type errInput string

func (e errInput) Error() string { return string(e) }

// accessLog returns who looked at the member's data and their minors'.
func (v *vault) accessLog(ctx context.Context, actor access.Actor, purpose string) ([]store.AuditRecord, error) {
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindAccessLog, actor.Person), purpose); err != nil {
		return nil, err
	}
	today := access.Today()
	clients := []string{actor.Person}
	kids, err := v.st.Children(ctx, actor.Person, today)
	if err != nil {
		return nil, err
	}
	clients = append(clients, kids...)
	hh, err := v.st.HouseholdOf(ctx, actor.Person, today)
	if err != nil {
		return nil, err
	}
	if hh != "" {
		clients = append(clients, hh)
	}
	return v.st.AuditAbout(ctx, clients, 500)
}

// providerUploads lists a provider's own uploads.
func (v *vault) providerUploads(ctx context.Context, actor access.Actor, purpose string) ([]store.ImportInfo, error) {
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return nil, err
	}
	return v.st.ImportsOfProvider(ctx, actor.AGB)
}

// providerFeedback lists the feedback about a provider.
func (v *vault) providerFeedback(ctx context.Context, actor access.Actor, purpose string) ([]store.Feedback, error) {
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return nil, err
	}
	return v.st.FeedbackForProvider(ctx, actor.AGB)
}

// uploadReport returns one of the provider's own uploads with its rejections.
func (v *vault) uploadReport(ctx context.Context, actor access.Actor, id int64, purpose string) (store.ImportInfo, []store.RejectionRow, error) {
	if _, err := v.decide(ctx, actor, access.Read, access.Resource(access.KindImport, strconv.FormatInt(id, 10)), purpose); err != nil {
		return store.ImportInfo{}, nil, err
	}
	info, err := v.st.ImportByID(ctx, id)
	if err != nil {
		return info, nil, err
	}
	rej, err := v.st.ImportRejections(ctx, id, 5000)
	return info, rej, err
}

// upload imports a provider's delivery file as that provider: rows of
// another AGB code are rejected by the importer.
func (v *vault) upload(ctx context.Context, imp *importer.Importer, actor access.Actor, name string, r io.Reader, purpose string) (store.Summary, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return store.Summary{}, err
	}
	sum, err := imp.Import(ctx, "deliveries", name, r, importer.Source{UploadedBy: actor.Username, AGB: actor.AGB})
	outcome := "allow"
	detail := fmt.Sprintf("%s: %d regels, %d opgeslagen, %d afgewezen", name, sum.Rows, sum.Accepted, sum.Rejected)
	if err != nil {
		outcome, detail = "error", name+": "+err.Error()
	}
	access.Record(ctx, v.st, actor, "upload result", outcome, purpose, detail)
	return sum, err
}

// adminData is what the administration page shows.
type adminData struct {
	Users       []store.User
	Assignments []store.Assignment
}

func (v *vault) adminOverview(ctx context.Context, actor access.Actor, purpose string) (adminData, error) {
	var ad adminData
	if _, err := v.decide(ctx, actor, access.Read, access.KindAssignments, purpose); err != nil {
		return ad, err
	}
	var err error
	if ad.Users, err = v.st.Users(ctx); err != nil {
		return ad, err
	}
	ad.Assignments, err = v.st.Assignments(ctx, 0)
	return ad, err
}

func (v *vault) addUser(ctx context.Context, actor access.Actor, u access.NewUser, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindUsers, purpose); err != nil {
		return err
	}
	_, err := access.CreateUser(ctx, v.st, u)
	return err
}

func (v *vault) assign(ctx context.Context, actor access.Actor, username string, a access.Assignment, purpose string) error {
	if _, err := v.decide(ctx, actor, access.Write, access.KindAssignments, purpose); err != nil {
		return err
	}
	u, err := v.st.UserByName(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return errInput(fmt.Sprintf("Gebruiker %q bestaat niet.", username))
	}
	if err != nil {
		return err
	}
	a.UserID, a.CreatedBy = u.ID, actor.Username
	if err := access.Assign(ctx, v.st, a); err != nil {
		return errInput(err.Error())
	}
	return nil
}

func (v *vault) audit(ctx context.Context, actor access.Actor, purpose string) ([]store.AuditRecord, access.VerifyReport, error) {
	if _, err := v.decide(ctx, actor, access.Read, access.KindAudit, purpose); err != nil {
		return nil, access.VerifyReport{}, err
	}
	recs, err := v.st.RecentAudit(ctx, 300)
	if err != nil {
		return nil, access.VerifyReport{}, err
	}
	rep, err := access.VerifyAudit(ctx, v.st)
	return recs, rep, err
}

// newToken replaces a provider's machine upload token and returns the new one.
func (v *vault) newToken(ctx context.Context, actor access.Actor, purpose string) (string, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return "", err
	}
	if err := v.st.DeleteUserSessions(ctx, actor.UserID, access.SessionToken); err != nil {
		return "", err
	}
	tok, _, err := access.NewSession(ctx, v.st, actor.UserID, access.SessionToken)
	return tok, err
}
