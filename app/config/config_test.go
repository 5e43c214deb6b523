package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tramhocso/app/problems"
)

var update = flag.Bool("update", false, "rewrite the `# want:` lines of testdata/invalid/*.yaml from the current output")

// full sets every field; it is the documented example of docs/provisioning.md
// in miniature.
const full = `version: 2
kiosk:
  id: hn-ba-dinh-01
site:
  name: Bộ phận Một cửa phường Ba Đình
  province: Hà Nội
  commune: Phường Ba Đình
languages: [vi, en]
text_size: large
idle: {timeout: 2m, countdown: 30s, tips_after: 10m}
handoff:
  listen: 0.0.0.0:8080
  advertised_url: http://192.168.10.2:8080/
  token_ttl: 5m
  phone_idle: 15m
  max_phone_sessions: 20
  wifi: {ssid: "Wifi Mien Phi; Ba Dinh", password: "mat:khau\\1"}
statistics:
  endpoint: https://thongke.example.org/v1/batches
  key_file: secrets/stats.key
  period: 30m
  outbox: {max_mb: 32, max_age: 30d}
staff:
  pin_hash: $argon2id$v=19$m=64,t=1,p=1,mindigits=6$BwcHBwcHBwcHBwcHBwcHBw$Jq1Hx6m5xb8y9kWvqvJ1w4yEKq7Qz9m3wq6z8R0qk7Y
branding: {name: Trạm Học Số Ba Đình, logo: branding/logo.svg}
practice_dir: practice
places_dir: places
`

func TestParseFull(t *testing.T) {
	c, err := Parse([]byte(full))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Version:     2,
		Kiosk:       Kiosk{ID: "hn-ba-dinh-01"},
		Site:        Site{Name: "Bộ phận Một cửa phường Ba Đình", Province: "Hà Nội", Commune: "Phường Ba Đình"},
		Languages:   []string{"vi", "en"},
		TextSize:    "large",
		Idle:        Idle{Timeout: Duration(2 * time.Minute), Countdown: Duration(30 * time.Second), TipsAfter: Duration(10 * time.Minute), ResumeWindow: Duration(DefaultResumeWindow)},
		Handoff:     Handoff{Listen: "0.0.0.0:8080", AdvertisedURL: "http://192.168.10.2:8080/", TokenTTL: Duration(5 * time.Minute), PhoneIdle: Duration(15 * time.Minute), MaxPhoneSessions: 20, WiFi: &WiFi{SSID: "Wifi Mien Phi; Ba Dinh", Password: `mat:khau\1`, Security: "WPA"}},
		Statistics:  Statistics{Endpoint: "https://thongke.example.org/v1/batches", KeyFile: "secrets/stats.key", Period: Duration(30 * time.Minute), Outbox: Outbox{MaxMB: 32, MaxAge: Duration(30 * 24 * time.Hour)}},
		Staff:       Staff{PINHash: "$argon2id$v=19$m=64,t=1,p=1,mindigits=6$BwcHBwcHBwcHBwcHBwcHBw$Jq1Hx6m5xb8y9kWvqvJ1w4yEKq7Qz9m3wq6z8R0qk7Y"},
		Branding:    Branding{Name: "Trạm Học Số Ba Đình", Logo: "branding/logo.svg"},
		PracticeDir: "practice",
		PlacesDir:   "places",
	}
	if !reflect.DeepEqual(*c, want) {
		t.Fatalf("parsed\n%+v\nwant\n%+v", *c, want)
	}
}

func TestParseDefaults(t *testing.T) {
	c, err := Parse([]byte("version: 2\nkiosk: {id: abc}\nsite: {name: X, province: Hà Nội}\nhandoff: {wifi: {ssid: Free}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		Version: 2, Kiosk: Kiosk{ID: "abc"}, Site: Site{Name: "X", Province: "Hà Nội"},
		Languages: []string{"vi", "en"}, TextSize: "normal",
		Idle:       Idle{Timeout: Duration(DefaultIdleTimeout), Countdown: Duration(DefaultIdleCountdown), ResumeWindow: Duration(DefaultResumeWindow)},
		Handoff:    Handoff{TokenTTL: Duration(DefaultTokenTTL), PhoneIdle: Duration(DefaultPhoneIdle), MaxPhoneSessions: 50, WiFi: &WiFi{SSID: "Free", Security: "nopass"}},
		Statistics: Statistics{Period: Duration(time.Hour), Outbox: Outbox{MaxMB: 64, MaxAge: Duration(90 * 24 * time.Hour)}},
		Branding:   Branding{Name: "Trạm Học Số"}, PracticeDir: "practice", PlacesDir: "places",
	}
	if !reflect.DeepEqual(*c, want) {
		t.Fatalf("parsed\n%+v\nwant\n%+v", *c, want)
	}
}

// TestInvalidFixtures: every file in testdata/invalid is a kiosk.yaml with
// mistakes; its `# want:` lines are exactly the problems it must produce.
// `go test ./app/config -run TestInvalidFixtures -update` rewrites them
// (review the diff).
func TestInvalidFixtures(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	if len(files) < 30 {
		t.Fatalf("only %d fixtures found", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			body, want := splitWant(data)
			_, perr := Parse(data)
			var got []string
			for _, p := range problems.From(FileName, perr) {
				got = append(got, p.String())
			}
			if *update {
				var b bytes.Buffer
				for _, g := range got {
					b.WriteString("# want: " + g + "\n")
				}
				// The header shifts lines: parse again after writing it.
				if err := os.WriteFile(f, append(b.Bytes(), body...), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if len(got) == 0 {
				t.Fatal("the fixture parses without problems")
			}
			if !slices.Equal(got, want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

func splitWant(data []byte) (body []byte, want []string) {
	lines := strings.SplitAfter(string(data), "\n")
	i := 0
	for ; i < len(lines) && strings.HasPrefix(lines[i], "# want: "); i++ {
		want = append(want, strings.TrimSuffix(strings.TrimPrefix(lines[i], "# want: "), "\n"))
	}
	return []byte(strings.Join(lines[i:], "")), want
}

func TestMigrationFixtures(t *testing.T) {
	olds, _ := filepath.Glob("testdata/migrate/v*.want.yaml")
	if len(olds) < 3 {
		t.Fatalf("only %d migration fixtures", len(olds))
	}
	for _, wantFile := range olds {
		oldFile := strings.Replace(wantFile, ".want.yaml", ".yaml", 1)
		t.Run(filepath.Base(oldFile), func(t *testing.T) {
			old, err := os.ReadFile(oldFile)
			if err != nil {
				t.Fatal(err)
			}
			cur, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(old)
			if err != nil {
				t.Fatalf("the old file must still load:\n%v", err)
			}
			want, err := Parse(cur)
			if err != nil {
				t.Fatalf("the expected file must load:\n%v", err)
			}
			if len(got.Notes) == 0 || !strings.Contains(got.Notes[len(got.Notes)-1], "upgraded") || len(want.Notes) != 0 {
				t.Errorf("notes: old %q, current %q", got.Notes, want.Notes)
			}
			got.Notes, want.Notes = nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("migrated\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestMigrationKeepsLines(t *testing.T) {
	data, _ := os.ReadFile("testdata/migrate/v1-bad-id.yaml")
	_, err := Parse(data)
	want := `kiosk.yaml:10: branding.logo: "logo.gif" is not a PNG, SVG, JPEG or WebP file name (use a .png, .svg, .jpg or .webp file)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// TestSchemaRulesCovered: every rule of the embedded schema is broken by at
// least one fixture in testdata/invalid, so none is untested.
func TestSchemaRulesCovered(t *testing.T) {
	rules := map[string]bool{}
	collectRules(theSchema().raw, "", rules)
	// version is checked in Go before the schema (fixtures version-*.yaml).
	// version and the root's type are checked in Go before the schema
	// (fixtures version-*.yaml, not-a-mapping.yaml).
	delete(rules, "/properties/version/type")
	delete(rules, "/type")
	files, _ := filepath.Glob("testdata/invalid/*.yaml")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, r := range brokenRules(data) {
			if _, ok := rules[r]; !ok {
				t.Errorf("%s breaks %s, which the rule walk did not find", f, r)
			}
			rules[r] = true
		}
	}
	for r, hit := range rules {
		if !hit {
			t.Errorf("no fixture in testdata/invalid breaks schema rule %s", r)
		}
	}
	if len(rules) < 60 {
		t.Errorf("only %d rules found: is the walk broken?", len(rules))
	}
}

var ruleKeywords = []string{"type", "const", "enum", "pattern", "minLength", "maxLength", "minItems", "maxItems",
	"uniqueItems", "minimum", "maximum", "required", "additionalProperties", "dependentRequired", "not"}

func collectRules(v any, ptr string, out map[string]bool) {
	switch s := v.(type) {
	case map[string]any:
		for k, sub := range s {
			if _, isSchema := sub.(map[string]any); k == "additionalProperties" && isSchema {
				// a schema for the values, not a rule of its own
			} else if slices.Contains(ruleKeywords, k) && !strings.HasSuffix(ptr, "/properties") {
				if k == "not" {
					out[ptr+"/not"] = false
					continue // the rule is "not", not the pattern inside it
				}
				out[ptr+"/"+k] = false
			}
			if k == "if" || strings.HasPrefix(k, "x-") || k == "not" {
				continue // if: a condition, not a rule
			}
			collectRules(sub, ptr+"/"+k, out)
		}
	case []any:
		for i, sub := range s {
			collectRules(sub, ptr+"/"+itoa(i), out)
		}
	}
}

func itoa(i int) string { return string(rune('0' + i)) }
