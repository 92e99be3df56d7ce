package web

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/businesscase"
)

// A case held to the plan evaluation shows the newest published one beside
// it (released aggregates only); a case that is not shows none.
func TestBusinessCaseShowsMeasuredPlanEffect(t *testing.T) {
	h := newHarness(t)
	held := testCase()
	held.Name = "Gezinsplannen"
	held.Targets.Evaluation = businesscase.EvaluationPlans
	seedCase(t, h, "gezinsplannen", held)
	seedCase(t, h, "test-jeugd", testCase())
	an := h.login("analist")
	resp, body := an.get("/businesscases/gezinsplannen")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{"Gemeten: gezinnen met een plan", "meting 2025", "Gemeten effect per gezin: −€ 3.000", "−€ 5.000 tot −€ 1.000", "€ 12.000", "€ 8.000"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	_, body = an.get("/businesscases/test-jeugd")
	if strings.Contains(body, "Gemeten: gezinnen met een plan") {
		t.Error("a case not held to the plan evaluation shows it")
	}
}
