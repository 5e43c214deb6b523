package config

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"tramhocso/app/problems"
)

const good = `version: 1
kiosk:
  id: hn-ba-dinh-01
  name: Trạm 1
site:
  name: Bộ phận Một cửa phường Ba Đình
  province: Hà Nội
  commune: Phường Ba Đình
languages: [vi, en]
`

func TestParseGood(t *testing.T) {
	c, err := Parse([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if c.Kiosk.ID != "hn-ba-dinh-01" || c.Site.Province != "Hà Nội" || c.PracticeDir != "practice" {
		t.Fatalf("parsed %+v", c)
	}
}

func TestParseProblems(t *testing.T) {
	tests := []struct {
		name, from, to string
		want           string // substring of the first problem, with file:line
	}{
		{"missing version", "version: 1\n", "", "kiosk.yaml:1: version: missing"},
		{"future version", "version: 1", "version: 9", "kiosk.yaml:1: version: version 9 is newer"},
		{"bad id", "id: hn-ba-dinh-01", "id: Ba Dinh!", "kiosk.yaml:3: kiosk.id: \"Ba Dinh!\" is not a valid kiosk id"},
		{"empty site", "  name: Bộ phận Một cửa phường Ba Đình", "  name: \"\"", "kiosk.yaml:6: site.name: must not be empty"},
		{"unknown language", "[vi, en]", "[vi, fr]", "kiosk.yaml:9: languages.1: unknown language \"fr\""},
		{"vi not first", "[vi, en]", "[en, vi]", "kiosk.yaml:9: languages: Vietnamese must come first"},
		{"typo field", "languages:", "langauges:", "kiosk.yaml:9: field langauges not found"},
		{"escape dir", "languages: [vi, en]\n", "languages: [vi, en]\npractice_dir: ../etc\n", "kiosk.yaml:10: practice_dir:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(good, tt.from, tt.to, 1)
			if in == good {
				t.Fatalf("test edit %q did not apply", tt.from)
			}
			_, err := Parse([]byte(in))
			probs := problems.From(FileName, err)
			if len(probs) == 0 || !strings.Contains(probs.Error(), tt.want) {
				t.Fatalf("got %v, want a problem containing %q", err, tt.want)
			}
		})
	}
}

func TestParseReportsAllProblems(t *testing.T) {
	in := "version: 1\nkiosk:\n  id: X\nsite:\n  name: ''\nlanguages: [fr]\n"
	_, err := Parse([]byte(in))
	if n := len(problems.From(FileName, err)); n < 4 {
		t.Fatalf("want every problem at once, got %d: %v", n, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	if err == nil || !strings.Contains(err.Error(), "kiosk.yaml: file not found") {
		t.Fatalf("got %v", err)
	}
}

func TestSampleConfigLoads(t *testing.T) {
	if _, err := Load(os.DirFS("../../kiosk-config")); err != nil {
		t.Fatalf("the sample kiosk-config must load:\n%v", err)
	}
}

func TestFingerprint(t *testing.T) {
	a := fstest.MapFS{"kiosk.yaml": {Data: []byte(good)}, "practice/x.yaml": {Data: []byte("id: x")}, "secrets/key": {Data: []byte("k1")}}
	fa, err := Fingerprint(a)
	if err != nil {
		t.Fatal(err)
	}
	a["secrets/key"] = &fstest.MapFile{Data: []byte("k2")}
	if fb, _ := Fingerprint(a); fb != fa {
		t.Error("secrets must not change the fingerprint")
	}
	a["practice/x.yaml"] = &fstest.MapFile{Data: []byte("id: y")}
	if fc, _ := Fingerprint(a); fc == fa {
		t.Error("a changed pack must change the fingerprint")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("version: 1\nkiosk: [1,2]\n"))
	f.Add([]byte("languages: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if (c == nil) == (err == nil) {
			t.Fatalf("exactly one of config and error must be set: %v %v", c, err)
		}
		for _, p := range problems.From(FileName, err) {
			if p.Msg == "" {
				t.Fatalf("empty problem in %v", err)
			}
		}
	})
}
