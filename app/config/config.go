package config

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"

	"tramhocso/app/problems"
	"tramhocso/app/yamlfile"
)

// FileName is the main configuration file inside a kiosk-config directory.
const FileName = "kiosk.yaml"

// CurrentVersion is the kiosk.yaml format this build writes and reads.
const CurrentVersion = 1

// Config is the parsed kiosk.yaml.
type Config struct {
	Version     int      `yaml:"version" json:"version"`
	Kiosk       Kiosk    `yaml:"kiosk" json:"kiosk"`
	Site        Site     `yaml:"site" json:"site"`
	Languages   []string `yaml:"languages" json:"languages"`
	PracticeDir string   `yaml:"practice_dir" json:"practice_dir"`
}

// Kiosk identifies this appliance.
type Kiosk struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
}

// Site is where the kiosk stands.
type Site struct {
	Name     string `yaml:"name" json:"name"`
	Province string `yaml:"province" json:"province"`
	Commune  string `yaml:"commune" json:"commune"`
}

var kioskIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{2,63}$`)

// SupportedLanguages are the UI languages the frontend has catalogs for.
var SupportedLanguages = []string{"vi", "en"}

// Load reads and checks kiosk.yaml from fsys. The error, when not nil, is a
// problems.List naming every problem found.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, problems.List{{File: FileName, Msg: "file not found", Fix: "every kiosk-config directory needs a kiosk.yaml; `tramhocso init-config DIR` writes one"}}
		}
		return nil, fmt.Errorf("reading %s: %w", FileName, err)
	}
	return Parse(data)
}

// Parse checks the contents of a kiosk.yaml.
func Parse(data []byte) (*Config, error) {
	var c Config
	root, probs := yamlfile.Decode(FileName, data, &c)
	if root == nil || len(probs) > 0 {
		return nil, probs.Err()
	}
	add := func(path, msg, fix string) {
		probs.Add(FileName, yamlfile.Line(root, path), path, msg, fix)
	}
	switch {
	case c.Version == 0:
		add("version", "missing", fmt.Sprintf("add `version: %d` at the top", CurrentVersion))
	case c.Version > CurrentVersion:
		add("version", fmt.Sprintf("version %d is newer than this program understands (%d)", c.Version, CurrentVersion), "update Trạm Học Số, or use a config written for this version")
	case c.Version < 1:
		add("version", fmt.Sprintf("version %d does not exist", c.Version), fmt.Sprintf("use `version: %d`", CurrentVersion))
	}
	if !kioskIDRE.MatchString(c.Kiosk.ID) {
		add("kiosk.id", fmt.Sprintf("%q is not a valid kiosk id", c.Kiosk.ID), "use 3–64 lower-case letters, digits and dashes, e.g. hn-ba-dinh-01")
	}
	if strings.TrimSpace(c.Site.Name) == "" {
		add("site.name", "must not be empty", "write the name people know the place by, e.g. Bộ phận Một cửa phường Ba Đình")
	}
	if strings.TrimSpace(c.Site.Province) == "" {
		add("site.province", "must not be empty", "one of the 34 provinces, e.g. Hà Nội")
	}
	if len(c.Languages) == 0 {
		add("languages", "must list at least one language", "use [vi, en]")
	}
	for i, l := range c.Languages {
		if !slices.Contains(SupportedLanguages, l) {
			add(fmt.Sprintf("languages.%d", i), fmt.Sprintf("unknown language %q", l), "use vi or en")
		}
	}
	if len(c.Languages) > 0 && c.Languages[0] != "vi" && slices.Contains(c.Languages, "vi") {
		add("languages", "Vietnamese must come first", "put vi first: it is the kiosk's default language")
	}
	if c.PracticeDir == "" {
		c.PracticeDir = "practice"
	}
	if !fs.ValidPath(c.PracticeDir) || strings.Contains(c.PracticeDir, "..") {
		add("practice_dir", fmt.Sprintf("%q must be a path inside the config directory", c.PracticeDir), "use a relative path such as practice")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	c.PracticeDir = path.Clean(c.PracticeDir)
	return &c, nil
}

// Fingerprint is a short hash of every regular file in fsys except the
// secrets directory, so two kiosks (or two reloads) can tell whether they run
// the same configuration.
func Fingerprint(fsys fs.FS) (string, error) {
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (p == "secrets" || (strings.HasPrefix(d.Name(), ".") && p != ".")) {
			return fs.SkipDir
		}
		if d.Type().IsRegular() {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("listing config files: %w", err)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", n, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
