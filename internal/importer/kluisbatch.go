package importer

import (
	"context"

	"github.com/ontschot/ontschot/internal/intake"
	"github.com/ontschot/ontschot/internal/kluis"
)

// With a kluis service (kluis.Dial) every pseudonym is a call to another
// process; imports ask for them per chunk in one batch call instead of per
// row, so an import stays about as fast as with a local key. With a local
// key nothing is deferred.

// pendingPseudonym is a field of a row in the current chunk that waits for
// its pseudonym.
type pendingPseudonym struct {
	domain, value string
	set           func(string)
}

// pseudonym sets a field to the pseudonym of value: now with a local key,
// at the next flush with a kluis service.
func (p *pipeSink) pseudonym(domain, value string, set func(string)) {
	if !p.k.Remote() {
		set(p.k.Pseudonym(domain, value))
		return
	}
	p.pending = append(p.pending, pendingPseudonym{domain, value, set})
}

// maskKey sets a field to kluis.MaskKey of text, batched like pseudonym.
func (p *pipeSink) maskKey(text string, set func(string)) {
	if !p.k.Remote() || kluis.MaskFreeText(text) == text {
		set(p.k.MaskKey(text))
		return
	}
	p.pending = append(p.pending, pendingPseudonym{kluis.Tag, text, set})
}

// resolve fills every pending field of the chunk with one call per domain.
func (p *pipeSink) resolve() error {
	if len(p.pending) == 0 {
		return nil
	}
	var runs []string
	var masks []pendingPseudonym
	for _, q := range p.pending {
		if q.domain == kluis.Tag {
			runs = append(runs, kluis.KeyRuns(q.value)...)
			masks = append(masks, q)
		}
	}
	if len(runs) > 0 {
		// One call fetches every tag; MaskKey then reads them from the cache.
		if _, err := p.k.Pseudonyms(p.ctx, kluis.Tag, runs); err != nil {
			return err
		}
		for _, q := range masks {
			q.set(p.k.MaskKey(q.value))
		}
	}
	for _, domain := range []string{kluis.Person, kluis.Address} {
		var values []string
		var sets []func(string)
		for _, q := range p.pending {
			if q.domain == domain {
				values = append(values, q.value)
				sets = append(sets, q.set)
			}
		}
		if len(values) == 0 {
			continue
		}
		ps, err := p.k.Pseudonyms(p.ctx, domain, values)
		if err != nil {
			return err
		}
		for i, s := range sets {
			s(ps[i])
		}
	}
	p.pending = p.pending[:0]
	return nil
}

// prefetched passes rows on to emit; with a kluis service it first
// collects a batch and asks the service for all their pseudonyms at once
// (current and old key versions), so the per-row look-ups emit does are
// answered from the cache.
func prefetched[T any](ctx context.Context, k *kluis.Kluis, values func(T) (persons, addresses []string), emit func(T) error) (add func(T) error, flush func() error) {
	if !k.Remote() {
		return emit, func() error { return nil }
	}
	var batch []T
	flush = func() error {
		var persons, addresses []string
		for _, row := range batch {
			p, a := values(row)
			persons, addresses = append(persons, p...), append(addresses, a...)
		}
		for domain, vs := range map[string][]string{kluis.Person: persons, kluis.Address: addresses} {
			if len(vs) == 0 {
				continue
			}
			for _, v := range append([]int{k.Version(domain)}, k.OldVersions(domain)...) {
				if _, err := k.PseudonymsVersion(ctx, domain, v, vs); err != nil {
					return err
				}
			}
		}
		for _, row := range batch {
			if err := emit(row); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	add = func(row T) error {
		batch = append(batch, row)
		if len(batch) >= chunkSize {
			return flush()
		}
		return nil
	}
	return add, flush
}

// brpBatch is prefetched for BRP rows.
func (im *Importer) brpBatch(ctx context.Context, emit func(*intake.Persoon) error) (add func(*intake.Persoon) error, flush func() error) {
	return prefetched(ctx, im.Kluis, func(p *intake.Persoon) (persons, addresses []string) {
		persons = append([]string{p.BSN}, p.GezagOver...)
		if !p.Geheim {
			addresses = []string{p.Adres.Key(), p.Adres.HouseKey()}
		}
		return persons, addresses
	}, emit)
}

// rotationPairs are the old and new pseudonyms of a BRP row while the
// kluis has an old key version next to the new one (after `ontschot kluis
// rotate`): the store keeps them so `ontschot kluis migrate` can relabel
// everything stored under the old version.
func (im *Importer) rotationPairs(p *intake.Persoon) [][2]string {
	var pairs [][2]string
	k := im.Kluis
	for _, v := range k.OldVersions(kluis.Person) {
		for _, b := range append([]string{p.BSN}, p.GezagOver...) {
			pairs = append(pairs, [2]string{k.PseudonymVersion(kluis.Person, v, b), k.Pseudonym(kluis.Person, b)})
		}
	}
	if !p.Geheim {
		for _, v := range k.OldVersions(kluis.Address) {
			for _, a := range []string{p.Adres.Key(), p.Adres.HouseKey()} {
				pairs = append(pairs, [2]string{k.PseudonymVersion(kluis.Address, v, a), k.Pseudonym(kluis.Address, a)})
			}
		}
	}
	return pairs
}
