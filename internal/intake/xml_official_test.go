package intake

import (
	"os"

	"path/filepath"
	"testing"

	"github.com/ontschot/ontschot/internal/money"
)

// istandaarden is the reference material of issue 10: the official iJw/iWmo
// 3.2 XSDs, example messages and the StUF-GGk 0210 envelope examples. It is
// never copied into the repository.
const istandaarden = "../../../shared/data/istandaarden_3_2"

// officialFile returns the path of an official example, or skips the test.
func officialFile(t *testing.T, rel string) string {
	t.Helper()
	path := filepath.Join(istandaarden, rel)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("official iStandaarden example %s is not here (%v); it lives in ../shared/data/istandaarden_3_2 beside the repository", rel, err)
	}
	return path
}

func parseOfficial(t *testing.T, rel string) (XMLInfo, *xmlTestSink) {
	t.Helper()
	f, err := os.Open(officialFile(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sink := &xmlTestSink{}
	info, err := ParseXML(f, sink)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if info.Prestaties != sink.rows() {
		t.Fatalf("%s: info.Prestaties = %d, sink got %d rows", rel, info.Prestaties, sink.rows())
	}
	return info, sink
}

// Every official example of a message Ontschot reads imports whole.
func TestParseXMLOfficialExamples(t *testing.T) {
	tests := []struct {
		file                                 string
		bericht                              string
		deliveries, toewijzingen, startStops int
	}{
		{"jw/berichten/JW323.xml", "JW323", 5, 0, 0},
		{"wmo/berichten/WMO323.xml", "WMO323", 4, 0, 0},
		{"jw/berichten/JW301.xml", "JW301", 0, 2, 0},
		{"wmo/berichten/WMO301.xml", "WMO301", 0, 1, 0},
		{"jw/berichten/JW305.xml", "JW305", 0, 0, 2},
		{"wmo/berichten/WMO305.xml", "WMO305", 0, 0, 2},
		{"jw/berichten/JW307.xml", "JW307", 0, 0, 2},
		{"wmo/berichten/WMO307.xml", "WMO307", 0, 0, 2},
		{"jw/berichten/JW315.xml", "JW315", 0, 0, 0}, // two requests: TestParseXMLOfficialJW315
	}
	for _, tt := range tests {
		t.Run(tt.bericht, func(t *testing.T) {
			info, sink := parseOfficial(t, tt.file)
			if info.Bericht != tt.bericht || len(sink.rejections) != 0 {
				t.Fatalf("%s: %+v, rejections %+v", tt.file, info, sink.rejections)
			}
			if len(sink.deliveries) != tt.deliveries || len(sink.toewijzingen) != tt.toewijzingen || len(sink.startStops) != tt.startStops {
				t.Fatalf("%s: %d deliveries, %d toewijzingen, %d start/stop; want %d, %d, %d", tt.file,
					len(sink.deliveries), len(sink.toewijzingen), len(sink.startStops), tt.deliveries, tt.toewijzingen, tt.startStops)
			}
		})
	}
}

// TR319: the official JW323 declares April 2026 and holds a prestatie of
// March; it is accepted, and the five add up to the declared total.
func TestParseXMLEarlierPeriods(t *testing.T) {
	info, sink := parseOfficial(t, "jw/berichten/JW323.xml")
	earlier := 0
	var sum money.Cents
	for _, d := range sink.deliveries {
		if d.Begin < info.Periode[0] {
			earlier++
		}
		sum += d.Signed()
	}
	if earlier != 1 || sum != info.Totaal {
		t.Fatalf("%d prestaties of an earlier period (want 1), sum %d, declared %d", earlier, sum, info.Totaal)
	}
}

func TestParseXMLOfficialStartStop(t *testing.T) {
	_, sink := parseOfficial(t, "jw/berichten/JW307.xml")
	z := sink.startStops[0]
	want := StartStop{Line: z.Line, AGB: "65656055", Gemeente: "0363", ToewijzingNummer: "300201", BSN: "999900006", Geldstroom: "jeugdwet",
		Categorie: "55", Productcode: "55A11", Stop: true, Toewijzing: MakeDate(2026, 4, 1), Begindatum: MakeDate(2026, 4, 3),
		Einddatum: MakeDate(2026, 7, 17), Reden: "31", Status: "1", Bron: "JW307"}
	if z != want || z.Line == 0 {
		t.Fatalf("JW307 stop:\n got %+v\nwant %+v", z, want)
	}
	_, sink = parseOfficial(t, "wmo/berichten/WMO305.xml")
	if z := sink.startStops[1]; z.Stop || z.Begindatum == 0 || z.Einddatum != 0 || z.Geldstroom != "wmo" || z.Bron != "WMO305" {
		t.Fatalf("WMO305 start: %+v", z)
	}
}
