package vnformat

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
)

// provinceCSV is the list of 63 CCCD province codes; see data/README.md for
// its source (appendix of Circular 07/2016/TT-BCA).
//
//go:embed data/cccd-province-codes.csv
var provinceCSV []byte

// ProvinceCode is one entry of the CCCD province-code table.
type ProvinceCode struct {
	Code string // three digits, e.g. "001"
	Name string // province before the July 2025 merger, e.g. "Hà Nội"
}

// provinceTable is built once from the embedded file and never written again.
// A malformed embedded file is a build defect, caught by TestProvinceTable, so
// it panics at start-up instead of limping on with a partial table.
var provinceTable = mustParseProvinces(provinceCSV)

type provinces struct {
	list   []ProvinceCode
	byCode map[string]string
}

func mustParseProvinces(data []byte) provinces {
	p, err := parseProvinces(data)
	if err != nil {
		panic("vnformat: embedded data/cccd-province-codes.csv: " + err.Error())
	}
	return p
}

func parseProvinces(data []byte) (provinces, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = 2
	rows, err := r.ReadAll()
	if err != nil {
		return provinces{}, fmt.Errorf("reading CSV: %w", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], []string{"code", "province_before_2025"}) {
		return provinces{}, fmt.Errorf("line 1: header must be code,province_before_2025")
	}
	p := provinces{byCode: make(map[string]string, len(rows)-1)}
	for i, row := range rows[1:] {
		line := i + 2
		code, name := row[0], row[1]
		if len(code) != 3 || !allDigits(code) {
			return provinces{}, fmt.Errorf("line %d: code %q is not three digits", line, code)
		}
		if name == "" {
			return provinces{}, fmt.Errorf("line %d: empty province name", line)
		}
		if _, dup := p.byCode[code]; dup {
			return provinces{}, fmt.Errorf("line %d: duplicate code %s", line, code)
		}
		p.byCode[code] = name
		p.list = append(p.list, ProvinceCode{Code: code, Name: name})
	}
	return p, nil
}

// ProvinceName returns the province name for a three-digit CCCD province code
// such as "079", and whether the code exists.
func ProvinceName(code string) (string, bool) {
	name, ok := provinceTable.byCode[code]
	return name, ok
}

// Provinces returns a copy of the 63 CCCD province codes in file order
// (ascending code).
func Provinces() []ProvinceCode {
	return slices.Clone(provinceTable.list)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
