package web

import (
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/model"
)

// The upload report's downloads and the template: the whole list of an
// upload's rejections as CSV, the delivery template with an example row,
// and the page that explains every field.

// rejectionHeader is the header of the rejections download.
var rejectionHeader = []string{"regel", "veld", "reden", "reason", "waarde"}

// uploadRejectionsCSV sends every rejection of one of the provider's
// uploads — every problem of every line — as CSV; with ?opmaak=excel as
// Dutch Excel opens it (BOM, semicolons). The rows stream from the store
// inside the access decision: a file of a million rejections is never
// held in memory. The value column holds what the store keeps, masked
// (a BSN never in full).
func (s *server) uploadRejectionsCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := s.uploadID(w, r, "aanlevering: afwijzingen downloaden")
	if !ok {
		return
	}
	excel := r.URL.Query().Get("opmaak") == "excel"
	var out *rejectionsWriter
	err := s.vault.eachUploadRejection(r.Context(), actorOf(r), id, "aanlevering: afwijzingen downloaden", func(info model.ImportInfo) {
		w.Header().Set("Content-Type", typeCSV)
		name := "afwijzingen-" + strconv.FormatInt(info.ID, 10)
		if excel {
			name += "-excel"
		}
		attachment(w, name+".csv")
		out = newRejectionsWriter(w, excel)
	}, func(rej model.RejectionRow) error { return out.write(rej) })
	if err != nil {
		if out == nil {
			s.handleErr(w, r, err)
			return
		}
		// Headers are out: the file stops short; say so in the log.
		s.log.Error("afwijzingen downloaden", "upload", id, "fout", err.Error())
		return
	}
	if out == nil {
		s.handleErr(w, r, errInput("Onbekend uploadnummer."))
		return
	}
	if err := out.flush(); err != nil {
		s.log.Error("afwijzingen downloaden", "upload", id, "fout", err.Error())
	}
}

// rejectionsWriter writes the rejections download: the plain CSV, or the
// Dutch-Excel one (UTF-8 BOM, ';', CRLF) as export.WriteExcelCSV writes.
type rejectionsWriter struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	rec []string
}

func newRejectionsWriter(w io.Writer, excel bool) *rejectionsWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	if excel {
		bw.WriteString("\ufeff")
		cw.Comma, cw.UseCRLF = ';', true
	}
	cw.Write(rejectionHeader)
	return &rejectionsWriter{bw: bw, cw: cw, rec: make([]string, len(rejectionHeader))}
}

func (o *rejectionsWriter) write(rej model.RejectionRow) error {
	o.rec[0], o.rec[1], o.rec[2], o.rec[3], o.rec[4] = strconv.Itoa(rej.Line), rej.Field, rej.Reason, rej.ReasonEN, rej.Value
	return o.cw.Write(o.rec)
}

func (o *rejectionsWriter) flush() error {
	o.cw.Flush()
	if err := o.cw.Error(); err != nil {
		return err
	}
	return o.bw.Flush()
}

// uploadTemplate sends the delivery template: the header and one example
// row of synthetic data with the provider's own AGB code, a row that
// imports cleanly. ?opmaak=excel gives the Dutch-Excel variant.
func (s *server) uploadTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.providerOnly(w, r, "aanlevering: sjabloon downloaden") {
		return
	}
	records := [][]string{intake.TemplateHeader(), intake.TemplateRow(templateAGB(actorOf(r)))}
	name, write := "sjabloon-leveringen.csv", csvWriter(r, records)
	if r.URL.Query().Get("opmaak") == "excel" {
		name = "sjabloon-leveringen-excel.csv"
	}
	s.sendFile(w, r, typeCSV, name, write)
}

// providerOnly lets a provider on to its own pages; anyone else is denied
// by the access decision, which logs the attempt.
func (s *server) providerOnly(w http.ResponseWriter, r *http.Request, purpose string) bool {
	a := actorOf(r)
	if _, err := s.vault.decide(r.Context(), a, access.Read, access.Resource(access.KindProvider, a.AGB), purpose); err != nil {
		s.handleErr(w, r, err)
		return false
	}
	return true
}

// templateAGB is the AGB code of the example row: the provider's own.
func templateAGB(a access.Actor) string {
	if a.AGB != "" {
		return a.AGB
	}
	return "12345678"
}

type fieldsView struct {
	Fields  []intake.DeliveryField
	Example []string // the example row, column by column
}

// uploadFields explains every field of the template.
func (s *server) uploadFields(w http.ResponseWriter, r *http.Request) {
	if !s.providerOnly(w, r, "aanlevering: uitleg van het sjabloon") {
		return
	}
	s.render(w, r, http.StatusOK, "uploadfields", page{Title: "Velden van het CSV-sjabloon",
		Data:   fieldsView{Fields: intake.DeliveryFields, Example: intake.TemplateRow(templateAGB(actorOf(r)))},
		Crumbs: []navItem{{Label: "Aanleveren", Href: "/aanlevering"}}})
}

// providerHistory lists what a provider delivered through every channel.
func (v *vault) providerHistory(ctx context.Context, actor access.Actor, purpose string) ([]model.Delivered, error) {
	var hist []model.Delivered
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindProvider, actor.AGB), purpose, func(r *access.PersonalReader) error {
		var err error
		hist, err = r.ProviderHistory(ctx, actor.AGB)
		return err
	})
	if err := allowed(d, err); err != nil {
		return nil, err
	}
	return hist, nil
}

// uploadReportGroups returns one of the provider's own uploads with its
// rejections grouped by kind of problem, and with rows > 0 also its first
// rows rejections (the API's report).
func (v *vault) uploadReportGroups(ctx context.Context, actor access.Actor, id int64, rows int, purpose string) (model.ImportInfo, []model.RejectionGroup, []model.RejectionRow, error) {
	var info model.ImportInfo
	var groups []model.RejectionGroup
	var rej []model.RejectionRow
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindImport, strconv.FormatInt(id, 10)), purpose, func(r *access.PersonalReader) error {
		var err error
		if info, err = r.ImportByID(ctx, id); err != nil {
			return err
		}
		if groups, err = r.ImportRejectionGroups(ctx, id, reportLines); err != nil || rows <= 0 {
			return err
		}
		rej, err = r.ImportRejections(ctx, id, rows)
		return err
	})
	if err := allowed(d, err); err != nil {
		return model.ImportInfo{}, nil, nil, err
	}
	return info, groups, rej, nil
}

// reportLines is how many lines of each kind of problem the report shows.
const reportLines = 5

// eachUploadRejection calls start once with the upload and then fn for
// every rejection of it, inside the access decision.
func (v *vault) eachUploadRejection(ctx context.Context, actor access.Actor, id int64, purpose string, start func(model.ImportInfo), fn func(model.RejectionRow) error) error {
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindImport, strconv.FormatInt(id, 10)), purpose, func(r *access.PersonalReader) error {
		info, err := r.ImportByID(ctx, id)
		if err != nil {
			return err
		}
		start(info)
		return r.EachImportRejection(ctx, id, fn)
	})
	return allowed(d, err)
}
