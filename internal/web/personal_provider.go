package web

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/ontschot/ontschot/internal/access"
	"github.com/ontschot/ontschot/internal/importer"
	"github.com/ontschot/ontschot/internal/model"
)

// The vault's reads for a provider: its own uploads, their reports and the
// feedback about it; and an upload as that provider.

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

// uploadReport returns one of the provider's own uploads with its rejections.
func (v *vault) uploadReport(ctx context.Context, actor access.Actor, id int64, purpose string) (model.ImportInfo, []model.RejectionRow, error) {
	var info model.ImportInfo
	var rej []model.RejectionRow
	d, err := v.gate.DecideAndRead(ctx, actor, access.Read, access.Resource(access.KindImport, strconv.FormatInt(id, 10)), purpose, func(r *access.PersonalReader) error {
		var err error
		if info, err = r.ImportByID(ctx, id); err != nil {
			return err
		}
		rej, err = r.ImportRejections(ctx, id, 5000)
		return err
	})
	if err := allowed(d, err); err != nil {
		return model.ImportInfo{}, nil, err
	}
	return info, rej, nil
}

// upload imports a provider's delivery file as that provider: rows of
// another AGB code are rejected by the importer.
func (v *vault) upload(ctx context.Context, imp Uploader, actor access.Actor, name string, r io.Reader, purpose string) (importer.Summary, error) {
	if _, err := v.decide(ctx, actor, access.Upload, access.Resource(access.KindProvider, actor.AGB), purpose); err != nil {
		return importer.Summary{}, err
	}
	sum, err := imp.Import(ctx, "deliveries", name, r, importer.Source{UploadedBy: actor.Username, AGB: actor.AGB})
	outcome := "allow"
	detail := fmt.Sprintf("%s: %d regels, %d opgeslagen, %d afgewezen", name, sum.Rows, sum.Accepted, sum.Rejected)
	if err != nil {
		outcome, detail = "error", name+": "+err.Error()
	}
	v.gate.Record(ctx, actor, "upload result", outcome, purpose, detail)
	return sum, err
}
