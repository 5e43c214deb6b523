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

// The summary credits "Đọc thông báo lỗi và tự sửa" only to a citizen who
// had an error and fixed it; a confirmation field that differs says so, and
// only that.
func TestSummaryCreditsFixingOnlyAfterAMistake(t *testing.T) {
	lib := sampleLibrary(t)
	p := lib.Pack("kich-hoat-vneid", 0)
	if p == nil {
		t.Fatal("no kich-hoat-vneid pack")
	}
	walk := func(mistake bool) Summary {
		pr := p.Start(today, 7, true)
		for pr.Step != "xong" {
			in := p.PersonaInput(pr, today)
			if mistake && pr.Step == "mat-khau" {
				bad := map[string]any{}
				for k, v := range in {
					bad[k] = v
				}
				bad["nhap_lai_mat_khau"] = "hung"
				errs, err := p.Submit(pr, bad, today)
				if err != nil || len(errs) != 1 || errs[0].Field != "nhap_lai_mat_khau" || errs[0].Code != CodeMatchDifferent {
					t.Fatalf("a differing confirmation: want only %s, got %+v %v", CodeMatchDifferent, errs, err)
				}
				mistake = false
			}
			if errs, err := p.Submit(pr, in, today); err != nil || len(errs) > 0 {
				t.Fatalf("stuck at %s: %v %v", pr.Step, err, errs)
			}
		}
		s, err := p.Summary(pr, today)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	has := func(s Summary) bool {
		for _, k := range s.Skills {
			if k.ID == SkillFixMistakes {
				return true
			}
		}
		return false
	}
	if s := walk(false); has(s) || s.Mistakes != 0 || len(s.Skills) == 0 {
		t.Fatalf("no mistake: %s must not be credited: %+v", SkillFixMistakes, s.Skills)
	}
	if s := walk(true); !has(s) || s.Mistakes != 1 {
		t.Fatalf("one mistake fixed: %s must be credited: %+v", SkillFixMistakes, s.Skills)
	}
}
