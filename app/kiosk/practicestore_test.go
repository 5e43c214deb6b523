package kiosk

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/practice"
	"tramhocso/app/session"
)

type apiClient struct {
	t *testing.T
	h http.Handler
}

func (c apiClient) call(method, path string, body any, out any) int {
	c.t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, httptest.NewRequest(method, path, rd))
	if out != nil && rec.Code < 300 && rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec.Code
}

// personaStrings collects every text value a persona would type, so the test
// can look for them where they must never be.
func personaStrings(v any, out map[string]bool) {
	switch x := v.(type) {
	case string:
		if len([]rune(x)) >= 4 {
			out[x] = true
		}
	case map[string]any:
		for _, e := range x {
			personaStrings(e, out)
		}
	case []any:
		for _, e := range x {
			personaStrings(e, out)
		}
	}
}

// TestEveryPackThroughTheKioskAPIKeepsAnswersPrivate walks every sample pack
// with its persona through the real kiosk door, on bbolt sessions, with one
// wrong submission per practice; afterwards the log holds none of the
// persona's values and the finished session holds no answers.
func TestEveryPackThroughTheKioskAPIKeepsAnswersPrivate(t *testing.T) {
	var logs bytes.Buffer
	k := openTestKiosk(t, Options{Logger: textLogger(&logs)})
	c := apiClient{t, k.APIHandler(api.DoorKiosk)}
	lib := k.snap.Load().Practice
	secrets := map[string]bool{}
	var backups [][]byte
	for _, h := range lib.Headers() {
		t.Run(h.ID, func(t *testing.T) {
			pack := lib.Pack(h.ID, 0)
			personaStrings(pack.Persona.Answers, secrets)
			var started api.PracticeStarted
			if code := c.call("POST", "/api/practice", map[string]any{"pack": h.ID}, &started); code != 200 {
				t.Fatalf("start: %d", code)
			}
			id := started.ID
			failedOnce := false
			for i := 0; i < 100; i++ {
				pr, err := k.rt.practices.Load(t.Context(), id)
				if err != nil {
					t.Fatal(err)
				}
				if pr.Finished() {
					break
				}
				in := pack.PersonaInput(pr, time.Now())
				if !failedOnce && len(pack.Step(pr.Step).Fields) > 0 {
					var res api.PracticeResult
					c.call("POST", "/api/practice/"+id+"/submit", api.PracticeStep{Step: pr.Step, Answers: map[string]any{}}, &res)
					failedOnce = len(res.Errors) > 0
				}
				var res api.PracticeResult
				if code := c.call("POST", "/api/practice/"+id+"/submit", api.PracticeStep{Step: pr.Step, Answers: in}, &res); code != 200 || len(res.Errors) > 0 {
					t.Fatalf("step %s: %d %+v", pr.Step, code, res.Errors)
				}
				if i == 2 { // a backup while the answers are in the file
					var b bytes.Buffer
					if _, err := k.db.Backup(t.Context(), &b); err != nil {
						t.Fatal(err)
					}
					backups = append(backups, b.Bytes())
				}
			}
			var sum practice.Summary
			if code := c.call("GET", "/api/practice/"+id+"/summary", nil, &sum); code != 200 || !sum.Finished {
				t.Fatalf("summary after finishing: %d %+v", code, sum)
			}
			if failedOnce && sum.Mistakes == 0 {
				t.Error("the wrong submission is missing from the summary")
			}
			rec, err := k.rt.sessions.Get(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Status != session.StatusFinished || rec.Payload != nil || rec.Summary.StepsPassed == 0 {
				t.Fatalf("finished session keeps %s, payload %d bytes, %d steps passed", rec.Status, len(rec.Payload), rec.Summary.StepsPassed)
			}
			if failedOnce && len(rec.Summary.Mistakes) == 0 {
				t.Error("the session summary does not count the mistake")
			}
		})
	}
	if len(secrets) < 10 {
		t.Fatalf("only %d persona values to look for", len(secrets))
	}
	// The staff panel's counts: every practice finished once, by its pack.
	today, err := k.Today(t.Context(), time.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(lib.Headers()); today.Started != n || today.Finished != n || len(today.FinishedByPack) != n {
		t.Errorf("today: %d started, %d finished, %d packs; want %d each", today.Started, today.Finished, len(today.FinishedByPack), n)
	}
	for _, h := range lib.Headers() {
		if today.FinishedByPack[h.ID] != 1 {
			t.Errorf("today: pack %s finished %d times, want 1", h.ID, today.FinishedByPack[h.ID])
		}
	}
	for _, h := range lib.Headers() {
		delete(secrets, h.ID) // the "find the procedure" answer is the pack itself, not personal
	}
	for s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log contains a persona value %q", s)
		}
	}
	if !strings.Contains(logs.String(), "practice finished") {
		t.Fatal("the log did not record the practices at all")
	}
	// The answers were sealed on disk and their keys destroyed at the end:
	// neither the database file (free pages included) nor the backups made
	// in the middle of each practice hold a persona value, in any spelling.
	raw, err := os.ReadFile(k.db.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(backups) == 0 {
		t.Fatal("no backup was made")
	}
	for s := range secrets {
		if len(s) < 8 { // shorter ones match ciphertext and timestamps by chance
			continue
		}
		for _, f := range spellings(s) {
			if bytes.Contains(raw, f) {
				t.Errorf("the database file holds persona value %q as %q", s, f)
			}
			for i, b := range backups {
				if bytes.Contains(b, f) {
					t.Errorf("backup %d holds persona value %q as %q", i, s, f)
				}
			}
		}
	}
}

// spellings are the forms in which s could sit in a file: as it is,
// JSON-escaped, and base64 at each of the three alignments (without the
// characters that depend on the bytes around it).
func spellings(s string) [][]byte {
	q, _ := json.Marshal(s)
	out := [][]byte{[]byte(s), q[1 : len(q)-1]}
	for shift := range 3 {
		e := base64.StdEncoding.EncodeToString(append(make([]byte, shift), s...))
		out = append(out, []byte(e[(shift*8+5)/6:len(e)-4]))
	}
	return out
}

func TestResumeOffersTheKiosksUnfinishedPractice(t *testing.T) {
	dataDir := t.TempDir()
	open := func() *Kiosk {
		k, err := Open(t.Context(), Options{Config: os.DirFS("../../kiosk-config"), ConfigName: "kiosk-config", DataDir: dataDir,
			Notify: func(string) (bool, error) { return false, nil }})
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k := open()
	kioskDoor := apiClient{t, k.APIHandler(api.DoorKiosk)}
	var offer api.ResumeOffer
	if kioskDoor.call("GET", "/api/practice/resume", nil, &offer); offer.Practice != nil {
		t.Fatalf("nothing to resume yet: %+v", offer.Practice)
	}
	var started api.PracticeStarted
	kioskDoor.call("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, &started)
	pr, _ := k.rt.practices.Load(t.Context(), started.ID)
	pack := k.snap.Load().Practice.Pack("khai-sinh", 0)
	kioskDoor.call("POST", "/api/practice/"+started.ID+"/submit", api.PracticeStep{Step: pr.Step, Answers: pack.PersonaInput(pr, time.Now())}, nil)
	var phoneStarted api.PracticeStarted
	apiClient{t, k.APIHandler(api.DoorPhone)}.call("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, &phoneStarted)
	k.Close() // a crash or restart

	k = open()
	defer k.Close()
	kioskDoor = apiClient{t, k.APIHandler(api.DoorKiosk)}
	if code := kioskDoor.call("GET", "/api/practice/resume", nil, &offer); code != 200 || offer.Practice == nil {
		t.Fatalf("resume after restart: %d %+v", code, offer)
	}
	if offer.Practice.ID != started.ID || offer.Practice.Index < 2 {
		t.Fatalf("offered %+v, want %s at its second step or later (the phone's practice is not the kiosk's)", offer.Practice, started.ID)
	}
	var view practice.View
	if code := kioskDoor.call("GET", "/api/practice/"+started.ID, nil, &view); code != 200 || view.Index != offer.Practice.Index {
		t.Fatalf("resumed view: %d %+v", code, view)
	}
	// "No" wipes it.
	if code := kioskDoor.call("POST", "/api/practice/"+started.ID+"/end", nil, nil); code != 204 {
		t.Fatalf("end: %d", code)
	}
	offer = api.ResumeOffer{}
	if kioskDoor.call("GET", "/api/practice/resume", nil, &offer); offer.Practice != nil {
		t.Fatalf("an abandoned practice is offered again: %+v", offer.Practice)
	}
	rec, _ := k.rt.sessions.Get(t.Context(), started.ID)
	if rec.Status != session.StatusAbandoned || rec.Payload != nil {
		t.Fatalf("abandoned session: %s with %d payload bytes", rec.Status, len(rec.Payload))
	}
	if code := (apiClient{t, k.APIHandler(api.DoorPhone)}).call("GET", "/api/practice/resume", nil, nil); code == 200 {
		t.Fatal("the phone door must not offer kiosk practices")
	}
}
