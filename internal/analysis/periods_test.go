package analysis

import (
	"strings"
	"testing"

	"github.com/ontschot/ontschot/internal/model"
)

func TestLatestPerPeriod(t *testing.T) {
	rels := []model.ReleaseInfo{{ID: 5, Period: "2025", Version: 2}, {ID: 4, Period: "2025-Q1", Version: 1}, {ID: 3, Period: "2025", Version: 1}, {ID: 1, Period: "2023", Version: 1}}
	latest, periods := LatestPerPeriod(rels, nil)
	if strings.Join(periods, ",") != "2023,2025,2025-Q1" || latest["2025"].ID != 5 {
		t.Errorf("all: %v %+v", periods, latest)
	}
	latest, periods = LatestPerPeriod(rels, func(p string) bool { return len(p) == 4 })
	if strings.Join(periods, ",") != "2023,2025" || len(latest) != 2 {
		t.Errorf("years only: %v", periods)
	}
	if _, periods := LatestPerPeriod(nil, nil); len(periods) != 0 {
		t.Error("periods from nothing")
	}
}
