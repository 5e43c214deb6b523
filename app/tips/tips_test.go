package tips

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"tramhocso/app/problems"
)

func TestParseValid(t *testing.T) {
	got, err := Parse([]byte("tips:\n  - vi: \" Một \"\n    en: One\n  - vi: Hai\n    en: Two\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Tip{{"Một", "One"}, {"Hai", "Two"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("got %+v, want %+v", got, want)
	}
}

func TestParseProblems(t *testing.T) {
	long := strings.Repeat("ă", MaxRunes+1)
	many := "tips:\n" + strings.Repeat("  - {vi: x, en: y}\n", MaxTips+1)
	for _, c := range []struct {
		name, data string
		want       []string
	}{
		{"empty", "", []string{"tips.yaml: the file is empty"}},
		{"no tips", "tips: []\n", []string{"tips.yaml:1: tips: no tips"}},
		{"unknown field", "tips:\n  - vi: a\n    en: b\n    fr: c\n", []string{`tips.yaml:4: field fr not found`}},
		{"missing en", "tips:\n  - vi: a\n  - vi: b\n    en: \"  \"\n", []string{"tips.yaml:2: tips.0.en: missing", "tips.yaml:4: tips.1.en: missing"}},
		{"too long", "tips:\n  - vi: " + long + "\n    en: b\n", []string{"tips.yaml:2: tips.0.vi: 241 characters, at most 240"}},
		{"duplicate", "tips:\n  - {vi: Xin chào, en: a}\n  - {vi: xin chào, en: b}\n", []string{"tips.yaml:3: tips.1.vi: the same tip as tips.0"}},
		{"too many", strings.Replace(many, "{vi: x", "{vi: x0", 1), []string{"tips.yaml:1: tips: 51 tips, at most 50"}},
		{"not a list", "tips: hello\n", []string{"tips.yaml:1: cannot unmarshal"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.data))
			var l problems.List
			if !errors.As(err, &l) {
				t.Fatalf("want a problems.List, got %v", err)
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("problems %q lack %q", msg, w)
				}
			}
		})
	}
}

func TestLoad(t *testing.T) {
	tips, err := Load(fstest.MapFS{})
	if err != nil || tips != nil {
		t.Fatalf("missing file: %v %v", tips, err)
	}
	_, err = Load(fstest.MapFS{FileName: {Data: []byte("tips: 3\n")}})
	if err == nil {
		t.Fatal("bad file loaded")
	}
	_, err = Load(fstest.MapFS{FileName: {Mode: fs.ModeDir}})
	if err == nil {
		t.Fatal("a directory named tips.yaml loaded")
	}
}

// The sample kiosk-config's tips file must load.
func TestSampleTips(t *testing.T) {
	tips, err := Load(os.DirFS("../../kiosk-config"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tips) < 5 {
		t.Fatalf("the sample has %d tips; it should show a ward what to write", len(tips))
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("tips:\n  - vi: a\n    en: b\n"))
	f.Add([]byte("tips: []\n"))
	f.Add([]byte("tips:\n  - {vi: x, en: y}\n  - {vi: X, en: y}\n"))
	f.Add([]byte("\t- vi"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tips, err := Parse(data)
		if err != nil {
			var l problems.List
			if !errors.As(err, &l) || len(l) == 0 {
				t.Fatalf("error is not a problem list: %v", err)
			}
			return
		}
		if len(tips) == 0 || len(tips) > MaxTips {
			t.Fatalf("accepted %d tips", len(tips))
		}
		for _, tip := range tips {
			if tip.VI == "" || tip.EN == "" {
				t.Fatalf("accepted an empty tip: %+v", tip)
			}
		}
	})
}
