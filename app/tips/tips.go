package tips

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"tramhocso/app/yamlfile"
)

// FileName is the tips file inside a kiosk-config directory.
const FileName = "tips.yaml"

// Limits a tips file must respect.
const (
	MaxTips  = 50
	MaxRunes = 240 // per language: a tip is read standing, from across the desk
)

// Tip is one tip in both languages.
type Tip struct {
	VI string `yaml:"vi" json:"vi"`
	EN string `yaml:"en" json:"en"`
}

type file struct {
	Tips []Tip `yaml:"tips"`
}

// Load reads FileName from fsys. A missing file is no tips (nil, nil); any
// problem in it is a problems.List naming file:line.
func Load(fsys fs.FS) ([]Tip, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", FileName, err)
	}
	return Parse(data)
}

// Parse checks the contents of a tips file. The error, when not nil, is a
// problems.List.
func Parse(data []byte) ([]Tip, error) {
	var f file
	root, probs := yamlfile.Decode(FileName, data, &f)
	if len(probs) > 0 {
		return nil, probs
	}
	add := func(path, msg, fix string) { probs.Add(FileName, yamlfile.Line(root, path), path, msg, fix) }
	switch {
	case len(f.Tips) == 0:
		add("tips", "no tips", "list at least one tip under tips:, each with vi: and en:, or delete the file")
	case len(f.Tips) > MaxTips:
		add("tips", fmt.Sprintf("%d tips, at most %d", len(f.Tips), MaxTips), "keep the most useful ones")
	}
	seen := map[string]int{}
	for i, tip := range f.Tips {
		at := "tips." + strconv.Itoa(i)
		for _, l := range [...]struct{ name, text string }{{"vi", tip.VI}, {"en", tip.EN}} {
			text := strings.TrimSpace(l.text)
			switch n := utf8.RuneCountInString(text); {
			case n == 0:
				add(at+"."+l.name, "missing", "give the tip in Vietnamese (vi:) and English (en:)")
			case n > MaxRunes:
				add(at+"."+l.name, fmt.Sprintf("%d characters, at most %d", n, MaxRunes), "shorten it: a tip is read in a few seconds")
			}
		}
		if key := strings.ToLower(strings.TrimSpace(tip.VI)); key != "" {
			if j, dup := seen[key]; dup {
				add(at+".vi", fmt.Sprintf("the same tip as tips.%d", j), "remove one of them")
			}
			seen[key] = i
		}
		f.Tips[i] = Tip{VI: strings.TrimSpace(tip.VI), EN: strings.TrimSpace(tip.EN)}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return f.Tips, nil
}
