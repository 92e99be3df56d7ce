package areas

import "testing"

func TestParseLevel(t *testing.T) {
	tests := []struct {
		in      string
		want    Level
		wantErr bool
	}{
		{"gemeente", Gemeente, false},
		{" Wijk ", Wijk, false},
		{"BUURT", Buurt, false},
		{"blok", Blok, false},
		{"straat", "", true},
		{"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseLevel(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseLevel(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestLevelChildParent(t *testing.T) {
	tests := []struct{ l, child, parent Level }{
		{Gemeente, Wijk, ""},
		{Wijk, Buurt, Gemeente},
		{Buurt, Blok, Wijk},
		{Blok, "", Buurt},
		{"x", "", ""},
	}
	for _, tt := range tests {
		if got := tt.l.Child(); got != tt.child {
			t.Errorf("%q.Child() = %q, want %q", tt.l, got, tt.child)
		}
		if got := tt.l.Parent(); got != tt.parent {
			t.Errorf("%q.Parent() = %q, want %q", tt.l, got, tt.parent)
		}
	}
}

func TestNormalizeCode(t *testing.T) {
	tests := []struct {
		level  Level
		in     string
		want   string
		wantOK bool
	}{
		{Buurt, "BU06420101", "BU06420101", true},
		{Buurt, "06420101", "BU06420101", true},
		{Buurt, "0363af01", "BU0363AF01", true}, // Amsterdam has letters in wijk/buurt parts
		{Buurt, "6420101", "BU06420101", true},  // leading zero lost in a spreadsheet
		{Wijk, " wk064201 ", "WK064201", true},
		{Wijk, "064201", "WK064201", true},
		{Gemeente, "642", "GM0642", true},
		{Gemeente, "GM642", "GM642", false},
		{Buurt, "WK064201", "BUWK064201", false},
		{Buurt, "", "", false},
		{Blok, "BL0642010101", "BL0642010101", false},
	}
	for _, tt := range tests {
		got, ok := NormalizeCode(tt.level, tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("NormalizeCode(%s, %q) = %q, %v; want %q, %v", tt.level, tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
