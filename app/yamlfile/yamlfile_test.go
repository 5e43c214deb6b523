package yamlfile

import (
	"strings"
	"testing"
)

type doc struct {
	Name  string   `yaml:"name"`
	Count int      `yaml:"count"`
	Tags  []string `yaml:"tags"`
	Site  struct {
		City string `yaml:"city"`
	} `yaml:"site"`
}

func TestDecodeProblems(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantMsg  string
	}{
		{"empty", "  \n", 0, "the file is empty"},
		{"unknown field", "name: a\ncuont: 3\n", 2, "field cuont not found"},
		{"wrong type", "name: a\ncount: many\n", 2, "cannot unmarshal"},
		{"syntax", "name: a\n  bad: : x\n", 2, "mapping values are not allowed"},
		{"two documents", "name: a\n---\nname: b\n", 2, "more than one YAML document"},
		{"tab indentation", "name: a\nsite:\n\tcity: x\n", 3, "tab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d doc
			_, probs := Decode("f.yaml", []byte(tt.in), &d)
			if len(probs) == 0 {
				t.Fatal("expected a problem")
			}
			p := probs[0]
			if p.File != "f.yaml" || p.Line != tt.wantLine || !strings.Contains(p.Msg+" "+p.Fix, tt.wantMsg) {
				t.Fatalf("got %q, want line %d containing %q", p.String(), tt.wantLine, tt.wantMsg)
			}
		})
	}
}

func TestDecodeOKAndLine(t *testing.T) {
	in := "name: a\ncount: 2\ntags:\n  - x\n  - y\nsite:\n  city: Huế\n"
	var d doc
	root, probs := Decode("f.yaml", []byte(in), &d)
	if len(probs) != 0 {
		t.Fatalf("unexpected problems: %v", probs)
	}
	if d.Site.City != "Huế" || len(d.Tags) != 2 {
		t.Fatalf("decoded %+v", d)
	}
	for path, want := range map[string]int{"": 1, "name": 1, "count": 2, "tags.1": 5, "site.city": 7, "site.nope": 6, "tags.9": 3} {
		if got := Line(root, path); got != want {
			t.Errorf("Line(%q) = %d, want %d", path, got, want)
		}
	}
	if Line(nil, "x") != 0 {
		t.Error("Line(nil) must be 0")
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"name: a\n", "a: [\n", "---\n---\n", "count: 1e999\n", "site: {city: [1]}\n", "&a [*a]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d doc
		root, probs := Decode("f.yaml", data, &d)
		for _, p := range probs {
			if p.File != "f.yaml" || p.Msg == "" {
				t.Fatalf("malformed problem %+v", p)
			}
		}
		_ = Line(root, "site.city")
	})
}
