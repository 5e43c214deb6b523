package practice

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"tramhocso/app/problems"
	"tramhocso/app/yamlfile"
)

// Skill is a digital skill a practice trains, mapped to an area of the basic
// digital knowledge and skills framework (Decision 757/QĐ-BKHCN, 2025).
type Skill struct {
	ID    string `yaml:"id" json:"id"`
	Title Text   `yaml:"title" json:"title"`
	Area  string `yaml:"area" json:"area"` // an id from SkillsFile.Areas
}

// SkillArea is one area of the framework, as the skills file names it. Group
// is the framework's own number for it ("0", "1", "4"…: Decision 757/QĐ-BKHCN
// numbers its groups for each audience), shown as "Nhóm 4" in the summary.
type SkillArea struct {
	ID    string `yaml:"id" json:"id"`
	Group string `yaml:"group" json:"group,omitempty"`
	Title Text   `yaml:"title" json:"title"`
}

// SkillsFile is kiosk-config/skills.yaml.
type SkillsFile struct {
	Framework string      `yaml:"framework" json:"framework"`
	Note      string      `yaml:"note" json:"-"`
	Areas     []SkillArea `yaml:"areas" json:"areas"`
	Skills    []Skill     `yaml:"skills" json:"skills"`
}

var (
	idRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	groupRE = regexp.MustCompile(`^[0-9]{1,2}(\.[0-9]{1,2})?$`)
)

// LoadSkills reads and checks the skills file.
func LoadSkills(fsys fs.FS, file string) (*SkillsFile, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, problems.List{{File: file, Msg: "cannot read the skills list", Fix: "copy skills.yaml from the sample kiosk-config"}}
	}
	var sf SkillsFile
	root, probs := yamlfile.Decode(file, data, &sf)
	if len(probs) > 0 {
		return nil, probs
	}
	add := func(p, msg, fix string) { probs.Add(file, yamlfile.Line(root, p), p, msg, fix) }
	areas := map[string]bool{}
	groups := map[string]string{}
	for i, a := range sf.Areas {
		p := fmt.Sprintf("areas.%d", i)
		if !idRE.MatchString(a.ID) || areas[a.ID] {
			add(p+".id", fmt.Sprintf("%q is not a valid, unique area id", a.ID), "use lower-case letters, digits and dashes")
		}
		areas[a.ID] = true
		if a.Group != "" && !groupRE.MatchString(a.Group) {
			add(p+".group", fmt.Sprintf("%q is not a group number", a.Group), `write the framework's own number in quotes, e.g. "4"`)
		}
		if a.Group != "" && groups[a.Group] != "" {
			add(p+".group", fmt.Sprintf("group %q is also area %q", a.Group, groups[a.Group]), "give each area its own group number")
		}
		if a.Group != "" {
			groups[a.Group] = a.ID
		}
		if strings.TrimSpace(a.Title.VI) == "" || strings.TrimSpace(a.Title.EN) == "" {
			add(p+".title", "needs both vi and en", "")
		}
	}
	seen := map[string]bool{}
	for i, s := range sf.Skills {
		p := fmt.Sprintf("skills.%d", i)
		if !idRE.MatchString(s.ID) || seen[s.ID] {
			add(p+".id", fmt.Sprintf("%q is not a valid, unique skill id", s.ID), "use lower-case letters, digits and dashes")
		}
		seen[s.ID] = true
		if strings.TrimSpace(s.Title.VI) == "" || strings.TrimSpace(s.Title.EN) == "" {
			add(p+".title", "needs both vi and en", "")
		}
		if !areas[s.Area] {
			add(p+".area", fmt.Sprintf("%q is not one of the areas listed above", s.Area), "use an id from areas")
		}
	}
	if len(sf.Skills) == 0 {
		add("skills", "no skills listed", "list the skills practices train")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return &sf, nil
}

// byID indexes the skills.
func (sf *SkillsFile) byID() map[string]Skill {
	m := make(map[string]Skill, len(sf.Skills))
	for _, s := range sf.Skills {
		m[s.ID] = s
	}
	return m
}

// Area returns the area with id (zero if unknown).
func (sf *SkillsFile) Area(id string) SkillArea {
	for _, a := range sf.Areas {
		if a.ID == id {
			return a
		}
	}
	return SkillArea{}
}

// Areas lists the skill areas this pack practises (each once, in the order
// of its skills), by id.
func (p *Pack) Areas() []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range p.Skills {
		a := p.skills[id].Area
		if a != "" && !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	return out
}
