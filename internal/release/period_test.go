package release

import "testing"

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in, canon, start, end string
		ok                    bool
	}{
		{"2025", "2025", "2025-01-01", "2025-12-31", true},
		{"2025-Q3", "2025-Q3", "2025-07-01", "2025-09-30", true},
		{"2024-q1", "2024-Q1", "2024-01-01", "2024-03-31", true},
		{" 2023-Q4 ", "2023-Q4", "2023-10-01", "2023-12-31", true},
		{"2025-Q2", "2025-Q2", "2025-04-01", "2025-06-30", true},
		{"2025-K3", "2025-Q3", "2025-07-01", "2025-09-30", true},
		{"2025-Q5", "", "", "", false},
		{"2025-Q0", "", "", "", false},
		{"25", "", "", "", false},
		{"2025-07", "", "", "", false},
		{"", "", "", "", false},
		{"abcd", "", "", "", false},
	} {
		p, err := ParsePeriod(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParsePeriod(%q): err %v, want ok=%v", tc.in, err, tc.ok)
			continue
		}
		if !tc.ok {
			continue
		}
		if p.String() != tc.canon || p.Start() != tc.start || p.End() != tc.end {
			t.Errorf("ParsePeriod(%q) = %s %s..%s, want %s %s..%s", tc.in, p, p.Start(), p.End(), tc.canon, tc.start, tc.end)
		}
	}
}
