package intake

import (
	"os"
	"strings"
	"testing"
)

// One StopProduct with a problem is rejected with its field; the other
// product of the message is kept.
func TestParseXMLStartStopProblems(t *testing.T) {
	b, err := os.ReadFile(officialFile(t, "jw/berichten/JW307.xml"))
	if err != nil {
		t.Fatal(err)
	}
	valid := string(b)
	tests := []struct {
		name, old, new, field string
	}{
		{"reden outside JZ588", "<jw307:RedenBeeindiging>31<", "<jw307:RedenBeeindiging>19<", "RedenBeeindiging"},
		{"end before begin", "<jw307:Einddatum>2026-07-17<", "<jw307:Einddatum>2026-03-17<", "Einddatum"},
		{"bad date", "<jw307:Begindatum>2026-04-03<", "<jw307:Begindatum>2026-04-31<", "Begindatum"},
		{"category outside JZ020", "<ijw:Categorie>55<", "<ijw:Categorie>01<", "Categorie"},
		{"status", "<jw307:StatusAanlevering>1<", "<jw307:StatusAanlevering>4<", "StatusAanlevering"},
		{"no assignment number", "<jw307:ToewijzingNummer>300201</jw307:ToewijzingNummer>", "", "ToewijzingNummer"},
		{"no end date", "<jw307:Einddatum>2026-07-17</jw307:Einddatum>", "", "Einddatum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := strings.Replace(valid, tt.old, tt.new, 1)
			if doc == valid {
				t.Fatal("edit did not apply")
			}
			sink := &xmlTestSink{}
			info, err := ParseXML(strings.NewReader(doc), sink)
			if err != nil {
				t.Fatal(err)
			}
			if len(sink.rejections) != 1 || sink.rejections[0].Field != tt.field || sink.rejections[0].Prestatie != 1 || sink.rejections[0].Line == 0 {
				t.Fatalf("rejections = %+v", sink.rejections)
			}
			if len(sink.startStops) != 1 || info.Prestaties != sink.rows() {
				t.Fatalf("kept %d products, rows %d, prestaties %d", len(sink.startStops), sink.rows(), info.Prestaties)
			}
		})
	}
	// A RedenBeeindiging has no place in a 305: the sender does not speak 3.2.
	b, err = os.ReadFile(officialFile(t, "jw/berichten/JW305.xml"))
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(string(b), "<jw305:StatusAanlevering>", "<jw305:RedenBeeindiging>31</jw305:RedenBeeindiging><jw305:StatusAanlevering>", 1)
	_, err = ParseXML(strings.NewReader(doc), &xmlTestSink{})
	checkFileError(t, err, -1, "onbekend element <RedenBeeindiging", "unknown element <RedenBeeindiging")
}
