package practice

import (
	"os"
	"testing"
	"time"

	"tramhocso/app/vnformat"
)

// today is a fixed day for tests (the brief's date); the engine never reads the clock.
var today = time.Date(2026, 11, 23, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))

func sampleLibrary(t testing.TB) *Library {
	t.Helper()
	lib, err := LoadLibrary(os.DirFS("../../kiosk-config"), "practice", LoadOptions{Now: today})
	if err != nil {
		t.Fatalf("the sample kiosk-config must load:\n%v", err)
	}
	return lib
}

func TestSampleLibrary(t *testing.T) {
	lib := sampleLibrary(t)
	if len(lib.Packs) != 10 {
		t.Fatalf("want the six first packs, the three of issue 13 and the scam-safety practice, got %d", len(lib.Packs))
	}
	if got := len(lib.Places.Provinces); got != 34 {
		t.Fatalf("want 34 provinces, got %d", got)
	}
	if hn := lib.Places.Province("Hà Nội"); hn == nil || !hn.Sample || !hn.HasCommune("Phường Ba Đình") {
		t.Fatalf("Hà Nội must carry the sample communes: %+v", hn)
	}
}

// Every pack walks to its finish step with its own persona and no errors,
// on several days (relative persona dates must keep working).
func TestEveryPackWalksWithItsPersona(t *testing.T) {
	lib := sampleLibrary(t)
	for _, p := range lib.Packs {
		for _, day := range []time.Time{today, today.AddDate(1, 2, 3), time.Date(2030, 2, 28, 23, 0, 0, 0, time.UTC)} {
			pr, err := p.Walk(day, 42)
			if err != nil {
				t.Errorf("%s on %s: %v", p.ID, day.Format("2006-01-02"), err)
				continue
			}
			if !pr.Finished() {
				t.Errorf("%s: not finished", p.ID)
			}
			for id, sc := range pr.Score.Steps {
				if sc.Mistakes != 0 {
					t.Errorf("%s step %s: %d mistakes with the persona", p.ID, id, sc.Mistakes)
				}
			}
		}
	}
}

func DateOfForTest(y, m, d int) vnformat.Date {
	return vnformat.Date{Year: y, Month: time.Month(m), Day: d}
}
