package api

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"tramhocso/app/practice"
)

func practiceDeps(t *testing.T) Deps {
	t.Helper()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	lib, err := practice.LoadLibrary(os.DirFS("../../kiosk-config"), "practice", practice.LoadOptions{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	snap := &Snapshot{KioskID: "k", Catalog: lib.Headers(), Practice: lib}
	return Deps{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }, Snapshot: func() *Snapshot { return snap },
		Practices: NewMemoryPracticeStore(0)}
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v
}

func TestPracticeRoutes(t *testing.T) {
	deps := practiceDeps(t)
	lib := deps.Snapshot().Practice
	h := New(DoorKiosk, deps)

	rec := do(t, h, "POST", "/api/practice", `{"pack":"kich-hoat-vneid","sample":true}`)
	if rec.Code != 200 {
		t.Fatalf("start: %d %s", rec.Code, rec.Body)
	}
	st := decode[PracticeStarted](t, rec.Body.String())
	// Six steps show at first: the password step joins once the citizen says
	// they have no VNeID app account yet.
	if len(st.ID) != 32 || st.View.Step.ID != "gioi-thieu" || st.View.Index != 1 || st.View.Total != 6 || st.View.Step.Persona == nil {
		t.Fatalf("started %+v", st)
	}
	base := "/api/practice/" + st.ID

	submit := func(step, answers string) PracticeResult {
		t.Helper()
		rec := do(t, h, "POST", base+"/submit", `{"step":"`+step+`","answers":`+answers+`}`)
		if rec.Code != 200 {
			t.Fatalf("submit %s: %d %s", step, rec.Code, rec.Body)
		}
		return decode[PracticeResult](t, rec.Body.String())
	}
	r := submit("gioi-thieu", `{}`)
	if r.View.Step.ID != "nhap-thong-tin" || !r.View.CanBack {
		t.Fatalf("%+v", r.View)
	}
	r = submit("nhap-thong-tin", `{"so_dinh_danh":"12","so_dien_thoai":"0912345678","co_tai_khoan":"chua-co"}`)
	if len(r.Errors) != 1 || r.Errors[0].Code != "cccd.length" || r.View.Step.Fields[0].Fails != 1 {
		t.Fatalf("errors %+v", r)
	}
	// A stale page is refused with 409.
	if rec := do(t, h, "POST", base+"/submit", `{"step":"ma-otp","answers":{}}`); rec.Code != 409 || !strings.Contains(rec.Body.String(), "practice.wrong_step") {
		t.Fatalf("stale: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "POST", base+"/help", `{"field":"so_dinh_danh","kind":"example"}`); rec.Code != 204 {
		t.Fatalf("help: %d %s", rec.Code, rec.Body)
	}
	r = submit("nhap-thong-tin", `{"so_dinh_danh":"001061012345","so_dien_thoai":"0912345678","co_tai_khoan":"chua-co"}`)
	if r.View.Step.Kind != "otp" || r.View.Step.SMS == nil {
		t.Fatalf("%+v", r.View)
	}
	if rec := do(t, h, "POST", base+"/back", `{"step":"ma-otp"}`); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"id":"nhap-thong-tin"`) {
		t.Fatalf("back: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "GET", base, ""); rec.Code != 200 || !strings.Contains(rec.Body.String(), `"001061012345"`) {
		t.Fatalf("view keeps the answers: %d %s", rec.Code, rec.Body)
	}
	if rec := do(t, h, "POST", base+"/goto", `{"step":"nhap-thong-tin","target":"gioi-thieu"}`); rec.Code != 409 {
		t.Fatalf("goto away from review: %d %s", rec.Code, rec.Body)
	}

	// Walk the rest with the persona, through the API.
	p := lib.Pack("kich-hoat-vneid", 0)
	for i := 0; i < 20; i++ {
		pr, err := deps.Practices.Load(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Finished() {
			break
		}
		in, _ := json.Marshal(p.PersonaInput(pr, deps.Now()))
		if r := submit(pr.Step, string(in)); len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", pr.Step, r.Errors)
		}
	}
	rec = do(t, h, "GET", base+"/summary", "")
	sum := decode[practice.Summary](t, rec.Body.String())
	if !sum.Finished || sum.Mistakes != 1 || sum.Examples != 1 || len(sum.Skills) == 0 {
		t.Fatalf("summary %+v", sum)
	}
	pr, _ := deps.Practices.Load(t.Context(), st.ID)
	if len(pr.Personal.Answers) != 0 {
		t.Fatal("a finished practice keeps no personal answers")
	}
}

func TestPracticeErrors(t *testing.T) {
	h := New(DoorPhone, practiceDeps(t))
	for _, tc := range []struct {
		method, target, body string
		status               int
		code                 string
	}{
		{"POST", "/api/practice", `{"pack":"nope"}`, 404, "pack_unknown"},
		{"POST", "/api/practice", `{"pack":1}`, 400, "bad_json"},
		{"GET", "/api/practice/zz", "", 404, "practice_unknown"},
		{"GET", "/api/practice/0123456789abcdef0123456789abcdef", "", 404, "practice_unknown"},
		{"GET", "/api/places", "", 200, ""},
	} {
		rec := do(t, h, tc.method, tc.target, tc.body)
		if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.code) {
			t.Errorf("%s %s: %d %s", tc.method, tc.target, rec.Code, rec.Body)
		}
	}
	if rec := do(t, h, "GET", "/api/places", ""); !strings.Contains(rec.Body.String(), `"Phường Ba Đình"`) || strings.Count(rec.Body.String(), `"kind"`) < 34 {
		t.Fatalf("places: %s", rec.Body)
	}
}

func TestMemoryPracticeStoreDropsOldest(t *testing.T) {
	m := NewMemoryPracticeStore(2)
	var ids []string
	for range 3 {
		id, err := m.Create(t.Context(), &practice.Progress{Pack: "p"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if _, err := m.Load(t.Context(), ids[0]); err != ErrPracticeNotFound {
		t.Fatalf("oldest kept: %v", err)
	}
	if err := m.Save(t.Context(), ids[0], &practice.Progress{}); err != ErrPracticeNotFound {
		t.Fatalf("save of a dropped id: %v", err)
	}
	if _, err := m.Load(t.Context(), ids[2]); err != nil {
		t.Fatal(err)
	}
}

var _ = http.MethodGet
