package practice

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
	"tramhocso/app/yamlfile"
)

// Text is a user-facing text in Vietnamese and English.
type Text struct {
	VI string `yaml:"vi" json:"vi"`
	EN string `yaml:"en" json:"en"`
}

// Header is what the catalog shows of a pack.
type Header struct {
	ID        string `yaml:"id" json:"id"`
	Version   int    `yaml:"version" json:"version"`
	Title     Text   `yaml:"title" json:"title"`
	Summary   Text   `yaml:"summary" json:"summary"`
	LifeEvent Text   `yaml:"life_event" json:"life_event"`
	Minutes   int    `yaml:"minutes" json:"minutes"`
}

var packIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)

// LoadCatalog reads the header of every *.yaml pack in fsys (the practice
// directory), sorted by file name. The error, when not nil, is a
// problems.List naming every problem in every file; file names in it are
// prefixed with dir so they point into the kiosk-config directory.
func LoadCatalog(fsys fs.FS, dir string) ([]Header, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("listing practice packs: %w", err)
	}
	sort.Strings(names)
	var (
		out   []Header
		probs problems.List
		seen  = map[string]string{}
	)
	for _, name := range names {
		file := path.Join(dir, name)
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			probs.Add(file, 0, "", fmt.Sprintf("cannot read: %v", err), "check the file's permissions")
			continue
		}
		h, p := parseHeader(file, data)
		probs = append(probs, p...)
		if len(p) > 0 {
			continue
		}
		if other, dup := seen[h.ID]; dup {
			probs.Add(file, 1, "id", fmt.Sprintf("pack id %q is also used by %s", h.ID, other), "give every pack its own id")
			continue
		}
		seen[h.ID] = file
		out = append(out, h)
	}
	if len(names) == 0 {
		probs.Add(dir, 0, "", "no practice packs (*.yaml) found", "copy the sample packs from the kiosk-config shipped with Trạm Học Số")
	}
	return out, probs.Err()
}

// parseHeader decodes the catalog fields of one pack file, ignoring the rest.
func parseHeader(file string, data []byte) (Header, problems.List) {
	var (
		h     Header
		probs problems.List
		root  yaml.Node
	)
	if err := yaml.Unmarshal(data, &root); err != nil {
		_, p := yamlfile.Decode(file, data, &struct{}{})
		if len(p) == 0 {
			p.Add(file, 0, "", err.Error(), "")
		}
		return h, p
	}
	if err := root.Decode(&h); err != nil || root.Kind == 0 {
		probs.Add(file, yamlfile.Line(&root, ""), "", "not a practice pack (expected a mapping with id, version, title)", "start from a sample pack")
		return h, probs
	}
	add := func(p, msg, fix string) { probs.Add(file, yamlfile.Line(&root, p), p, msg, fix) }
	if !packIDRE.MatchString(h.ID) {
		add("id", fmt.Sprintf("%q is not a valid pack id", h.ID), "use lower-case letters, digits and dashes, e.g. khai-sinh")
	}
	if h.Version < 1 {
		add("version", "must be a whole number from 1", "start at 1 and raise it on every change")
	}
	if strings.TrimSpace(h.Title.VI) == "" {
		add("title.vi", "must not be empty", "give the Vietnamese title of the procedure")
	}
	if strings.TrimSpace(h.Title.EN) == "" {
		add("title.en", "must not be empty", "give the English title of the procedure")
	}
	if h.Minutes < 0 || h.Minutes > 240 {
		add("minutes", fmt.Sprintf("%d is not a plausible duration", h.Minutes), "estimate the minutes a first-time user needs, 1 to 240")
	}
	return h, probs
}
