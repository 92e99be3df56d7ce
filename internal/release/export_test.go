package release

// SplitSmall makes the parallel release split inputs of any size (tests
// compare it with the sequential path on small inputs); the returned
// function undoes it.
func SplitSmall() func() {
	old := minHouseholdsPerWorker
	minHouseholdsPerWorker = 1
	return func() { minHouseholdsPerWorker = old }
}

// BuurtGeldstroomOf returns the unrounded buurt × geldstroom cells of in
// (households, persons, cents) as the release aggregates them.
func BuurtGeldstroomOf(in Input) (map[[2]string][3]int64, error) {
	st, err := prepare(in, DefaultRules())
	if err != nil {
		return nil, err
	}
	d := st.ag.d
	out := map[[2]string][3]int64{}
	for _, c := range st.ag.cells {
		a := d.areas[c.area]
		if by, cat := d.slotMeaning(int(c.off)); a.level == lvBuurt && !a.virtual && by == bGeldstroom {
			out[[2]string{a.code, d.geld[cat]}] = [3]int64{c.households, c.persons, c.amount}
		}
	}
	return out, nil
}
