package practice

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

const pack = `id: khai-sinh
version: 1
title: {vi: Đăng ký khai sinh, en: Birth registration}
minutes: 15
steps: []
`

func TestLoadCatalog(t *testing.T) {
	fsys := fstest.MapFS{
		"b.yaml":    {Data: []byte(strings.Replace(pack, "khai-sinh", "b-pack", 1))},
		"a.yaml":    {Data: []byte(pack)},
		"notes.txt": {Data: []byte("ignored")},
	}
	got, err := LoadCatalog(fsys, "practice")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "khai-sinh" || got[1].ID != "b-pack" || got[0].Title.EN != "Birth registration" {
		t.Fatalf("got %+v", got)
	}
}

func TestLoadCatalogProblems(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"syntax", "id: [x\n", "practice/p.yaml:1:"},
		{"bad id", strings.Replace(pack, "khai-sinh", "Khai Sinh", 1), "practice/p.yaml:1: id: \"Khai Sinh\" is not a valid pack id"},
		{"no version", strings.Replace(pack, "version: 1\n", "", 1), "practice/p.yaml:1: version: must be a whole number"},
		{"no english title", strings.Replace(pack, ", en: Birth registration", "", 1), "practice/p.yaml:3: title.en: must not be empty"},
		{"not a mapping", "- a\n- b\n", "practice/p.yaml:1: not a practice pack"},
		{"wrong type", strings.Replace(pack, "minutes: 15", "minutes: soon", 1), "practice/p.yaml:"},
		{"silly minutes", strings.Replace(pack, "minutes: 15", "minutes: 9999", 1), "practice/p.yaml:4: minutes:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadCatalog(fstest.MapFS{"p.yaml": {Data: []byte(tt.file)}}, "practice")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadCatalogDuplicateAndEmpty(t *testing.T) {
	_, err := LoadCatalog(fstest.MapFS{"a.yaml": {Data: []byte(pack)}, "b.yaml": {Data: []byte(pack)}}, "practice")
	if err == nil || !strings.Contains(err.Error(), "practice/b.yaml:1: id: pack id \"khai-sinh\" is also used by practice/a.yaml") {
		t.Fatalf("got %v", err)
	}
	_, err = LoadCatalog(fstest.MapFS{}, "practice")
	if err == nil || !strings.Contains(err.Error(), "no practice packs") {
		t.Fatalf("got %v", err)
	}
}

func TestSamplePacksLoad(t *testing.T) {
	got, err := LoadCatalog(os.DirFS("../../kiosk-config/practice"), "practice")
	if err != nil {
		t.Fatalf("sample packs must load:\n%v", err)
	}
	if len(got) == 0 {
		t.Fatal("no sample packs")
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add([]byte(pack))
	f.Add([]byte("id: 1\nversion: x\n"))
	f.Add([]byte("- [\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, probs := parseHeader("p.yaml", data)
		if len(probs) == 0 && (h.ID == "" || h.Title.VI == "") {
			t.Fatalf("accepted a header without id or title: %+v", h)
		}
	})
}
