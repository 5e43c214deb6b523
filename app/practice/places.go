package practice

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"tramhocso/app/problems"
)

// Places is the address data behind address fields: the 34 province-level
// units in force since 1 July 2025 and, for the provinces IT staff have
// provisioned, their communes (xã, phường, đặc khu).
type Places struct {
	Provinces []Province `json:"provinces"`
	byName    map[string]int
}

// Province is a province-level unit.
type Province struct {
	Name       string    `json:"name"`
	Kind       string    `json:"kind"` // "tỉnh" or "thành phố"
	MergedFrom []string  `json:"merged_from,omitempty"`
	Communes   []Commune `json:"communes,omitempty"`
	// Sample is true when the communes come from a *.sample.csv file: a few
	// real names for the demonstration site, not the official list.
	Sample bool `json:"sample,omitempty"`
}

// Commune is a commune-level unit.
type Commune struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // "phường", "xã" or "đặc khu"
}

// Province returns the province named name (NFC, exact), or nil.
func (pl *Places) Province(name string) *Province {
	if pl == nil {
		return nil
	}
	if i, ok := pl.byName[norm.NFC.String(name)]; ok {
		return &pl.Provinces[i]
	}
	return nil
}

// HasCommune reports whether the province's list holds commune.
func (p *Province) HasCommune(name string) bool {
	name = norm.NFC.String(name)
	for _, c := range p.Communes {
		if c.Name == name {
			return true
		}
	}
	return false
}

var (
	provinceKinds = []string{"tỉnh", "thành phố"}
	communeKinds  = []string{"phường", "xã", "đặc khu"}
)

// LoadPlaces reads dir/provinces.csv (name,kind,merged_from) and every
// dir/communes*.csv (province,commune,kind). Lines starting with # are
// comments. Files named *.sample.csv mark their provinces' communes as a
// sample. Every problem is reported, as file:line.
func LoadPlaces(fsys fs.FS, dir string) (*Places, error) {
	var probs problems.List
	pl := &Places{byName: map[string]int{}}
	provFile := path.Join(dir, "provinces.csv")
	rows, err := readCSV(fsys, provFile, []string{"name", "kind", "merged_from"})
	if err != nil {
		probs = append(probs, problems.From(provFile, err)...)
		return nil, probs
	}
	for _, r := range rows {
		name := norm.NFC.String(strings.TrimSpace(r.cols[0]))
		kind := strings.TrimSpace(r.cols[1])
		switch {
		case name == "":
			probs.Add(provFile, r.line, "name", "empty province name", "write the province's name, e.g. Hà Nội")
			continue
		case !contains(provinceKinds, kind):
			probs.Add(provFile, r.line, "kind", fmt.Sprintf("%q is not a province kind", kind), "use tỉnh or thành phố")
		}
		if _, dup := pl.byName[name]; dup {
			probs.Add(provFile, r.line, "name", fmt.Sprintf("province %q is listed twice", name), "keep one line per province")
			continue
		}
		var merged []string
		for _, m := range strings.Split(r.cols[2], ";") {
			if m = strings.TrimSpace(m); m != "" {
				merged = append(merged, norm.NFC.String(m))
			}
		}
		pl.byName[name] = len(pl.Provinces)
		pl.Provinces = append(pl.Provinces, Province{Name: name, Kind: kind, MergedFrom: merged})
	}
	names, _ := fs.Glob(fsys, path.Join(dir, "communes*.csv"))
	sort.Strings(names)
	type seenAt struct {
		file string
		line int
	}
	seen := map[string]seenAt{}
	for _, file := range names {
		sample := strings.HasSuffix(file, ".sample.csv")
		rows, err := readCSV(fsys, file, []string{"province", "commune", "kind"})
		if err != nil {
			probs = append(probs, problems.From(file, err)...)
			continue
		}
		for _, r := range rows {
			prov := pl.Province(strings.TrimSpace(r.cols[0]))
			name := norm.NFC.String(strings.TrimSpace(r.cols[1]))
			kind := strings.TrimSpace(r.cols[2])
			switch {
			case prov == nil:
				probs.Add(file, r.line, "province", fmt.Sprintf("%q is not one of the provinces in provinces.csv", r.cols[0]), "write the province exactly as provinces.csv does")
				continue
			case name == "":
				probs.Add(file, r.line, "commune", "empty commune name", "write the commune's full name, e.g. Phường Ba Đình")
				continue
			case !contains(communeKinds, kind):
				probs.Add(file, r.line, "kind", fmt.Sprintf("%q is not a commune kind", kind), "use phường, xã or đặc khu")
			}
			key := prov.Name + "\x00" + name
			if at, dup := seen[key]; dup {
				probs.Add(file, r.line, "commune", fmt.Sprintf("%q in %s is also listed at %s:%d", name, prov.Name, at.file, at.line), "keep one line per commune")
				continue
			}
			if len(prov.Communes) > 0 && prov.Sample != sample {
				probs.Add(file, r.line, "province", fmt.Sprintf("%s has communes in both a sample and an official file", prov.Name), "delete the sample file once the official list is in place")
				continue
			}
			seen[key] = seenAt{file, r.line}
			prov.Sample = sample
			prov.Communes = append(prov.Communes, Commune{Name: name, Kind: kind})
		}
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return pl, nil
}

type csvRow struct {
	line int
	cols []string
}

// readCSV reads a CSV file with a header line that must equal header.
func readCSV(fsys fs.FS, file string, header []string) ([]csvRow, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, problems.List{{File: file, Msg: fmt.Sprintf("cannot open: %v", errors.Unwrap(err)), Fix: "provide this file (see docs/practice-packs.md)"}}
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	r.FieldsPerRecord = len(header)
	var (
		rows  []csvRow
		probs problems.List
		first = true
	)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				probs.Add(file, pe.Line, "", pe.Err.Error(), fmt.Sprintf("every line needs %d columns: %s", len(header), strings.Join(header, ",")))
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					continue
				}
			} else {
				probs.Add(file, 0, "", err.Error(), "")
			}
			break
		}
		if first {
			first = false
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			if strings.Join(rec, ",") != strings.Join(header, ",") {
				probs.Add(file, line, "", fmt.Sprintf("the header is %q", strings.Join(rec, ",")), "the first line must be "+strings.Join(header, ","))
				return nil, probs
			}
			continue
		}
		rows = append(rows, csvRow{line: line, cols: rec})
	}
	if first && len(probs) == 0 {
		probs.Add(file, 0, "", "the file is empty", "the first line must be "+strings.Join(header, ","))
	}
	return rows, probs.Err()
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
