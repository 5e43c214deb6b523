package practice

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tramhocso/app/vnformat"
)

// FieldError is one thing wrong with a submitted step. Field is the field's
// path: "ho_ten", an address part "noi_o.commune", or a repeat row's column
// "qua_trinh.1.tu_ngay" (rows count from 0). Codes lists every code when a
// check reports several at once (the password checklist); Code is the first.
type FieldError struct {
	Field   string   `json:"field"`
	Code    string   `json:"code"`
	Codes   []string `json:"codes,omitempty"`
	Message Text     `json:"message"`
}

// DefaultMaxText bounds a text field without a max_length rule.
const DefaultMaxText = 200

// maxRowsLimit bounds any repeat group, whatever the pack says.
const maxRowsLimit = 30

// checker validates one step's fields against the answers.
type checker struct {
	pack    *Pack
	prog    *Progress
	today   vnformat.Date
	answers map[string]any // every answer, this step's included
	errs    []FieldError
	failed  map[string]bool // top-level fields with an error: rules that read them wait
}

func (c *checker) fail(path string, f *Field, rule *Rule, codes ...string) {
	if len(codes) == 0 {
		return
	}
	msg := Message(codes[0])
	if m, ok := f.Messages[codes[0]]; ok {
		msg = m
	}
	if rule != nil && rule.Message != nil {
		msg = *rule.Message
	}
	if c.failed == nil {
		c.failed = map[string]bool{}
	}
	c.failed[topField(path)] = true
	fe := FieldError{Field: path, Code: codes[0], Message: msg}
	if len(codes) > 1 {
		fe.Codes = codes
	}
	c.errs = append(c.errs, fe)
}

// failWith reports code with words of its own (a quiz option's explanation),
// unless the pack's messages replace them.
func (c *checker) failWith(path string, f *Field, code string, msg Text) {
	c.fail(path, f, nil, code)
	if _, own := f.Messages[code]; !own && (msg.VI != "" || msg.EN != "") {
		c.errs[len(c.errs)-1].Message = msg
	}
}

// normalize turns a submitted JSON value into the canonical answer for f,
// or reports answer.wrong_type. Strings are NFC and trimmed (passwords are
// kept exactly as typed).
func normalize(f *Field, raw any) (any, bool) {
	switch f.Type {
	case TypeCheckbox:
		if raw == nil {
			return false, true
		}
		b, ok := raw.(bool)
		return b, ok
	case TypeAddress:
		if raw == nil {
			return zeroValue(TypeAddress), true
		}
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, false
		}
		out := map[string]any{"province": "", "commune": "", "detail": ""}
		for k, v := range m {
			if _, known := out[k]; !known {
				return nil, false
			}
			s, ok := v.(string)
			if !ok {
				return nil, false
			}
			out[k] = cleanText(s)
		}
		return out, true
	case TypeAgency:
		if raw == nil {
			return zeroOf(f), true
		}
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, false
		}
		out := map[string]any{"province": "", "commune": ""}
		for k, v := range m {
			if _, known := out[k]; !known {
				return nil, false
			}
			s, ok := v.(string)
			if !ok || len(s) > 4096 {
				return nil, false
			}
			out[k] = cleanText(s)
		}
		return out, true
	case TypeCards:
		if !f.Multiple {
			break
		}
		if raw == nil {
			return []any{}, true
		}
		list, ok := raw.([]any)
		if !ok || len(list) > 60 {
			return nil, false
		}
		out := make([]any, 0, len(list))
		seen := map[string]bool{}
		for _, v := range list {
			s, ok := v.(string)
			if !ok || len(s) > 4096 {
				return nil, false
			}
			s = cleanText(s)
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out, true
	case TypeRepeat:
		if raw == nil {
			return []any{}, true
		}
		rows, ok := raw.([]any)
		if !ok || len(rows) > maxRowsLimit {
			return nil, false
		}
		out := make([]any, 0, len(rows))
		for _, r := range rows {
			m, ok := r.(map[string]any)
			if !ok {
				return nil, false
			}
			row := make(map[string]any, len(f.Fields))
			for k := range m {
				if fieldByID(f.Fields, k) == nil {
					return nil, false
				}
			}
			for i := range f.Fields {
				sub := &f.Fields[i]
				v, ok := normalize(sub, m[sub.ID])
				if !ok {
					return nil, false
				}
				row[sub.ID] = v
			}
			out = append(out, row)
		}
		return out, true
	}
	if raw == nil {
		return "", true
	}
	s, ok := raw.(string)
	if !ok || len(s) > 4096 {
		return nil, false
	}
	if f.Type == TypePassword {
		return strings.ToValidUTF8(s, "\uFFFD"), true
	}
	return cleanText(s), true
}

// cleanText makes text valid UTF-8, NFC, without control characters and
// trimmed.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(norm.NFC.String(s))
}

func fieldByID(fields []Field, id string) *Field {
	for i := range fields {
		if fields[i].ID == id {
			return &fields[i]
		}
	}
	return nil
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case map[string]any:
		for _, p := range v {
			if s, _ := p.(string); s != "" {
				return false
			}
		}
		return true
	case []any:
		return len(v) == 0
	}
	return false
}

// check validates value (canonical) of field f at path; row is the repeat
// row it is in, or nil. It returns the value to store (canonical forms such
// as a phone number's 10-digit form) when there is nothing wrong.
func (c *checker) check(path string, f *Field, value any, row map[string]any) any {
	before := len(c.errs)
	if isEmpty(value) {
		if f.Required {
			code := CodeRequired
			if f.Type == TypeCheckbox {
				code = CodeMustCheck
			}
			c.fail(path, f, nil, code)
		} else if f.Type == TypeRepeat && f.MinRows > 0 {
			c.fail(path, f, nil, CodeRepeatTooFew)
		}
		return value
	}
	// A confirmation field ("Nhập lại mật khẩu") says one thing only: the
	// two entries differ. When they match, the first field carries the
	// rules (its checklist), so they are not repeated here.
	// While the first field has an error of its own, this one waits.
	if r := sameAsRule(f); r != nil {
		if c.failed[r.Field] {
			return value
		}
		if other, _ := c.answers[r.Field].(string); other != "" {
			if s, _ := value.(string); s != other {
				c.fail(path, f, r, CodeMatchDifferent)
			}
			return value
		}
	}
	value = c.checkType(path, f, value, row)
	if len(c.errs) > before {
		return value
	}
	for i := range f.Rules {
		c.checkRule(path, f, &f.Rules[i], value, row)
		if len(c.errs) > before {
			break
		}
	}
	return value
}

func (c *checker) checkType(path string, f *Field, value any, row map[string]any) any {
	s, _ := value.(string)
	switch f.Type {
	case TypeText:
		if !hasRule(f, RuleMaxLength) && utf8.RuneCountInString(s) > DefaultMaxText {
			c.fail(path, f, nil, CodeTextLong)
		}
	case TypeNumber:
		if len(s) > 9 || !allDigits(s) {
			c.fail(path, f, nil, CodeNumber)
			return value
		}
		n, _ := strconv.Atoi(s)
		return strconv.Itoa(n)
	case TypeDate:
		d, err := vnformat.ParseDate(s)
		if err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
			return value
		}
		return d.String()
	case TypeSelect, TypeRadio:
		if optionByValue(f.Options, s) == nil {
			c.fail(path, f, nil, CodeOptionUnknown)
		}
	case TypeSearch, TypeUpload:
		o := optionByValue(f.Options, s)
		switch {
		case o == nil:
			c.fail(path, f, nil, CodeOptionUnknown)
		case !o.Correct && f.Type == TypeSearch:
			c.fail(path, f, nil, CodeSearchWrong)
		case !o.Correct:
			c.fail(path, f, nil, CodeUploadWrong)
		}
	case TypeCCCD:
		id, err := vnformat.ParseCCCD(s)
		if err == nil {
			err = vnformat.CheckCCCDBirthYear(id, c.today)
		}
		if err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
			return value
		}
		return id.Number
	case TypePhone:
		p, err := vnformat.NormalizePhone(s)
		if err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
			return value
		}
		return p
	case TypeEmail:
		e, err := vnformat.NormalizeEmail(s)
		if err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
			return value
		}
		return e
	case TypePassword:
		if err := vnformat.CheckVNeIDPassword(s); err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
		}
	case TypePasscode:
		if f.passcodeCheck {
			s = stripSpaces(s)
			if len(s) != 6 || !allDigits(s) {
				c.fail(path, f, nil, vnformat.CodePasscodeLength)
			} else if s != c.pack.Persona.Passcode {
				c.fail(path, f, nil, CodePasscodeWrong)
			}
			return s
		}
		if err := vnformat.CheckVNeIDPasscode(s); err != nil {
			c.fail(path, f, nil, vnformat.Codes(err)...)
		}
	case TypeOTP:
		s = stripSpaces(s)
		if len(s) != 6 || !allDigits(s) {
			c.fail(path, f, nil, CodeOTPLength)
		} else if c.prog == nil || s != c.prog.OTP(c.step()) {
			c.fail(path, f, nil, CodeOTPWrong)
		}
		return s
	case TypeReceipt:
		typed := strings.ToUpper(stripSpaces(s))
		if c.prog == nil || c.prog.Personal.Receipt == "" || typed != c.prog.Personal.Receipt {
			c.fail(path, f, nil, CodeReceiptWrong)
		}
		return typed
	case TypeAddress:
		return c.checkAddress(path, f, value.(map[string]any))
	case TypeAgency:
		return c.checkAgency(path, f, value.(map[string]any))
	case TypeCards:
		return c.checkCards(path, f, value)
	case TypeRepeat:
		rows := value.([]any)
		if f.MinRows > 0 && len(rows) < f.MinRows {
			c.fail(path, f, nil, CodeRepeatTooFew)
			return value
		}
		if f.MaxRows > 0 && len(rows) > f.MaxRows {
			c.fail(path, f, nil, CodeRepeatTooMany)
			return value
		}
		out := make([]any, len(rows))
		for i, r := range rows {
			rm := r.(map[string]any)
			nr := make(map[string]any, len(rm))
			for k, v := range rm {
				nr[k] = v
			}
			for j := range f.Fields {
				sub := &f.Fields[j]
				nr[sub.ID] = c.check(fmt.Sprintf("%s.%d.%s", path, i, sub.ID), sub, rm[sub.ID], rm)
			}
			out[i] = nr
		}
		return out
	}
	return value
}

func (c *checker) step() string {
	if c.prog == nil {
		return ""
	}
	return c.prog.Step
}

func (c *checker) checkAddress(path string, f *Field, a map[string]any) any {
	prov, _ := a["province"].(string)
	commune, _ := a["commune"].(string)
	detail, _ := a["detail"].(string)
	p := c.pack.places.Province(prov)
	switch {
	case p == nil:
		c.fail(path+".province", f, nil, CodeProvinceUnknown)
	case commune == "":
		c.fail(path+".commune", f, nil, CodeCommuneRequired)
	case len(p.Communes) > 0 && !p.HasCommune(commune):
		c.fail(path+".commune", f, nil, CodeCommuneUnknown)
	}
	if detail == "" {
		c.fail(path+".detail", f, nil, CodeDetailRequired)
	}
	return a
}

// checkAgency checks an agency answer: a province of the list and, for a
// commune-level agency, one of its communes (typed when the kiosk has no
// list for the province). A province-level answer keeps only the province.
func (c *checker) checkAgency(path string, f *Field, a map[string]any) any {
	prov, _ := a["province"].(string)
	commune, _ := a["commune"].(string)
	p := c.pack.places.Province(prov)
	if p == nil {
		c.fail(path+".province", f, nil, CodeProvinceUnknown)
		return a
	}
	if f.Level == LevelProvince {
		return map[string]any{"province": prov}
	}
	switch {
	case commune == "":
		c.fail(path+".commune", f, nil, CodeCommuneRequired)
	case len(p.Communes) > 0 && !p.HasCommune(commune):
		c.fail(path+".commune", f, nil, CodeCommuneUnknown)
	}
	return map[string]any{"province": prov, "commune": commune}
}

// checkCards checks one choice (a string) or several (a list). A single
// choice among options one of which is correct is a quiz: another choice
// fails with quiz.wrong and that option's explanation.
func (c *checker) checkCards(path string, f *Field, value any) any {
	if !f.Multiple {
		s, _ := value.(string)
		o := optionByValue(f.Options, s)
		switch {
		case o == nil:
			c.fail(path, f, nil, CodeOptionUnknown)
		case graded(f) && !o.Correct:
			c.failWith(path, f, CodeQuizWrong, o.Explain)
		}
		return value
	}
	list, _ := value.([]any)
	for _, v := range list {
		if s, _ := v.(string); optionByValue(f.Options, s) == nil {
			c.fail(path, f, nil, CodeOptionUnknown)
			return value
		}
	}
	switch {
	case f.MinChoices > 0 && len(list) < f.MinChoices:
		c.fail(path, f, nil, CodeCardsTooFew)
	case f.MaxChoices > 0 && len(list) > f.MaxChoices:
		c.fail(path, f, nil, CodeCardsTooMany)
	}
	return value
}

// graded reports whether a cards field has a right answer (a quiz question).
func graded(f *Field) bool {
	for _, o := range f.Options {
		if o.Correct {
			return true
		}
	}
	return false
}

func (c *checker) checkRule(path string, f *Field, r *Rule, value any, row map[string]any) {
	s, _ := value.(string)
	switch r.Kind {
	case RuleUpperVietnamese:
		if err := vnformat.CheckUpperVietnamese(s); err != nil {
			c.fail(path, f, r, vnformat.Codes(err)...)
		}
	case RuleMinLength:
		if utf8.RuneCountInString(s) < r.Value {
			c.fail(path, f, r, CodeTextShort)
		}
	case RuleMaxLength:
		if utf8.RuneCountInString(s) > r.Value {
			c.fail(path, f, r, CodeTextLong)
		}
	case RulePattern:
		if re := c.pack.patterns[r.Pattern]; re != nil && !re.MatchString(s) {
			c.fail(path, f, r, CodeTextPattern)
		}
	case RuleMin, RuleMax:
		n, err := strconv.Atoi(s)
		if err != nil {
			return
		}
		if r.Kind == RuleMin && n < r.Value {
			c.fail(path, f, r, CodeNumberSmall)
		}
		if r.Kind == RuleMax && n > r.Value {
			c.fail(path, f, r, CodeNumberLarge)
		}
	case RuleNotFuture, RuleNotPast, RuleMaxAgo, RuleMaxAhead:
		d, err := vnformat.ParseDate(s)
		if err != nil {
			return
		}
		var b vnformat.Bounds
		switch r.Kind {
		case RuleNotFuture:
			b.NotFuture = true
		case RuleNotPast:
			b.NotPast = true
		case RuleMaxAgo:
			b.MaxAgo = vnformat.Span{Years: r.Years, Days: r.Days}
		case RuleMaxAhead:
			b.MaxAhead = vnformat.Span{Years: r.Years, Days: r.Days}
		}
		if err := vnformat.CheckDateBounds(d, c.today, b); err != nil {
			c.fail(path, f, r, vnformat.Codes(err)...)
		}
	case RuleMinAge, RuleMaxAge:
		d, err := vnformat.ParseDate(s)
		if err != nil {
			return
		}
		lo, hi := r.Value, 0
		if r.Kind == RuleMaxAge {
			lo, hi = 0, r.Value
		}
		if err := vnformat.CheckAge(d, c.today, lo, hi); err != nil {
			c.fail(path, f, r, vnformat.Codes(err)...)
		}
	case RuleNotBefore, RuleNotAfter:
		d, err := vnformat.ParseDate(s)
		if err != nil {
			return
		}
		other, err := vnformat.ParseDate(c.lookup(r.Field, row))
		if err != nil {
			return
		}
		if r.Kind == RuleNotBefore && d.Before(other) {
			c.fail(path, f, r, CodeDateBeforeOther)
		}
		if r.Kind == RuleNotAfter && d.After(other) {
			c.fail(path, f, r, CodeDateAfterOther)
		}
	case RuleSameAs:
		if other := c.lookup(r.Field, row); other != "" && s != other {
			c.fail(path, f, r, CodeMatchDifferent)
		}
	case RuleCCCDMatches:
		id, err := vnformat.ParseCCCD(s)
		if err != nil {
			return
		}
		var birth vnformat.Date
		if r.BirthDate != "" {
			birth, _ = vnformat.ParseDate(c.lookup(r.BirthDate, row))
		}
		sex := vnformat.SexUnknown
		if r.Sex != "" {
			sex = sexOf(c.lookup(r.Sex, row))
		}
		if err := vnformat.CheckCCCDConsistency(id, birth, sex); err != nil {
			c.fail(path, f, r, vnformat.Codes(err)...)
		}
	}
}

// lookup finds another field's string answer: in the same repeat row first,
// then among all answers. A field that has an error itself reads as empty,
// so the rule waits until it is fixed instead of blaming this field.
func (c *checker) lookup(id string, row map[string]any) string {
	if row != nil {
		if v, ok := row[id].(string); ok {
			return v
		}
	}
	if c.failed[id] {
		return ""
	}
	v, _ := c.answers[id].(string)
	return v
}

func sexOf(v string) vnformat.Sex {
	switch strings.ToLower(v) {
	case "nam", "male":
		return vnformat.SexMale
	case "nu", "nữ", "female":
		return vnformat.SexFemale
	}
	return vnformat.SexUnknown
}

// sameAsRule is the field's same_as rule, if it has one outside a repeat row.
func sameAsRule(f *Field) *Rule {
	for i := range f.Rules {
		if f.Rules[i].Kind == RuleSameAs {
			return &f.Rules[i]
		}
	}
	return nil
}

func hasRule(f *Field, kind string) bool {
	for _, r := range f.Rules {
		if r.Kind == kind {
			return true
		}
	}
	return false
}

func optionByValue(opts []Option, v string) *Option {
	for i := range opts {
		if opts[i].Value == v {
			return &opts[i]
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func stripSpaces(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}
