package practice

import (
	"encoding/base64"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
	"tramhocso/app/vnformat"
	"tramhocso/app/yamlfile"
)

// MaxImageBytes bounds a sample document image.
const MaxImageBytes = 64 << 10

// MaxPackBytes bounds a pack file.
const MaxPackBytes = 512 << 10

// Library is every loaded pack with the places and skills they use. It is
// read-only once loaded and safe for concurrent use.
type Library struct {
	Packs  []*Pack // current packs, in file-name order
	Places *Places
	Skills *SkillsFile
	byKey  map[string]*Pack // "id@version", current and retained
	byID   map[string]*Pack // current
}

func key(id string, version int) string { return id + "@" + strconv.Itoa(version) }

// Headers lists the current packs' catalog headers.
func (l *Library) Headers() []Header {
	out := make([]Header, 0, len(l.Packs))
	for _, p := range l.Packs {
		out = append(out, p.Header)
	}
	return out
}

// Pack returns the pack id at version, or the current version when version
// is 0; nil when there is none.
func (l *Library) Pack(id string, version int) *Pack {
	if l == nil {
		return nil
	}
	if version == 0 {
		return l.byID[id]
	}
	return l.byKey[key(id, version)]
}

// Retain keeps prev's pack versions that l does not have, so practices
// started before a configuration reload carry on with the version they
// started with. Call it on a freshly loaded library before publishing it.
func (l *Library) Retain(prev *Library) {
	if prev == nil {
		return
	}
	for k, p := range prev.byKey {
		if _, ok := l.byKey[k]; !ok {
			l.byKey[k] = p
		}
	}
}

// LoadOptions tune LoadLibrary.
type LoadOptions struct {
	// Now is when the packs are loaded: each pack's persona is walked
	// through the whole practice as of this day, so a pack whose sample
	// data no longer passes its own rules is reported.
	Now time.Time
	// PlacesDir and SkillsFile are paths in the config; defaults "places"
	// and "skills.yaml".
	PlacesDir  string
	SkillsFile string
}

// LoadLibrary loads places, skills and every practiceDir/*.yaml pack from
// the kiosk-config fsys. The error, when not nil, is a problems.List naming
// every problem in every file (file:line: path: problem (fix)).
func LoadLibrary(fsys fs.FS, practiceDir string, opts LoadOptions) (*Library, error) {
	if opts.PlacesDir == "" {
		opts.PlacesDir = "places"
	}
	if opts.SkillsFile == "" {
		opts.SkillsFile = "skills.yaml"
	}
	var probs problems.List
	places, err := LoadPlaces(fsys, opts.PlacesDir)
	probs = append(probs, problems.From(opts.PlacesDir, err)...)
	skills, err := LoadSkills(fsys, opts.SkillsFile)
	probs = append(probs, problems.From(opts.SkillsFile, err)...)
	if len(probs) > 0 {
		return nil, probs
	}
	sch, err := compileSchema()
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, path.Join(practiceDir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("listing practice packs: %w", err)
	}
	sort.Strings(names)
	lib := &Library{Places: places, Skills: skills, byKey: map[string]*Pack{}, byID: map[string]*Pack{}}
	seen := map[string]string{}
	for _, file := range names {
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			probs.Add(file, 0, "", fmt.Sprintf("cannot read: %v", err), "check the file's permissions")
			continue
		}
		ld := loader{fsys: fsys, dir: practiceDir, places: places, skills: skills, schema: sch}
		p, pp := ld.load(file, data)
		probs = append(probs, pp...)
		if p == nil {
			continue
		}
		if other, dup := seen[p.ID]; dup {
			probs.Add(file, 1, "id", fmt.Sprintf("pack id %q is also used by %s", p.ID, other), "give every pack its own id")
			continue
		}
		if len(pp) == 0 && !opts.Now.IsZero() {
			if _, werr := p.Walk(opts.Now, 1); werr != nil {
				probs.Add(file, yamlfile.Line(ld.root, "persona"), "persona", werr.Error(), "make the persona's answers pass the pack's own rules")
			}
		}
		seen[p.ID] = file
		lib.Packs = append(lib.Packs, p)
		lib.byID[p.ID] = p
		lib.byKey[key(p.ID, p.Version)] = p
	}
	if len(names) == 0 {
		probs.Add(practiceDir, 0, "", "no practice packs (*.yaml) found", "copy the sample packs from the kiosk-config shipped with Trạm Học Số")
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return lib, nil
}

// LoadPack loads one pack file on its own, with the given places and
// skills; images are looked up in fsys under dir/images. It is what
// LoadLibrary does per file, and what the fuzz tests drive.
func LoadPack(fsys fs.FS, dir, file string, data []byte, places *Places, skills *SkillsFile) (*Pack, error) {
	sch, err := compileSchema()
	if err != nil {
		return nil, err
	}
	return loadPack(sch, fsys, dir, file, data, places, skills)
}

// loadPack is LoadPack on an already compiled schema (compiling it costs
// far more than loading a pack: the fuzz test compiles it once).
func loadPack(sch *jsonschema.Schema, fsys fs.FS, dir, file string, data []byte, places *Places, skills *SkillsFile) (*Pack, error) {
	ld := loader{fsys: fsys, dir: dir, places: places, skills: skills, schema: sch}
	p, probs := ld.load(file, data)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return p, nil
}

type loader struct {
	fsys   fs.FS
	dir    string
	places *Places
	skills *SkillsFile
	schema *jsonschema.Schema
	file   string
	root   *yaml.Node
	probs  problems.List
}

func (ld *loader) add(p, msg, fix string) {
	ld.probs.Add(ld.file, yamlfile.Line(ld.root, p), p, msg, fix)
}

var (
	stepIDRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	relDateRE = regexp.MustCompile(`^today((?:[+-]\d{1,4}[yd])*)$`)
	relPartRE = regexp.MustCompile(`([+-])(\d{1,4})([yd])`)
)

// fieldKinds says which step kinds may hold which field types.
var fieldKinds = map[string][]string{
	TypeOTP:     {KindOTP},
	TypeSearch:  {KindFind},
	TypeUpload:  {KindUpload},
	TypeReceipt: {KindTrack},
	TypeAgency:  {KindAgency, KindForm},
}

// ruleTypes says which field types a rule applies to.
var ruleTypes = map[string][]string{
	RuleUpperVietnamese: {TypeText},
	RuleMinLength:       {TypeText},
	RuleMaxLength:       {TypeText},
	RulePattern:         {TypeText},
	RuleMin:             {TypeNumber},
	RuleMax:             {TypeNumber},
	RuleNotFuture:       {TypeDate},
	RuleNotPast:         {TypeDate},
	RuleMaxAgo:          {TypeDate},
	RuleMaxAhead:        {TypeDate},
	RuleMinAge:          {TypeDate},
	RuleMaxAge:          {TypeDate},
	RuleNotBefore:       {TypeDate},
	RuleNotAfter:        {TypeDate},
	RuleSameAs:          {TypeText, TypePassword, TypePasscode, TypeEmail, TypePhone, TypeCCCD},
	RuleCCCDMatches:     {TypeCCCD},
}

func (ld *loader) load(file string, data []byte) (p *Pack, probs problems.List) {
	defer func() {
		if r := recover(); r != nil { // a loader bug must not stop the kiosk: report it as a problem
			p, probs = nil, problems.List{{File: file, Msg: fmt.Sprintf("internal error while loading: %v", r), Fix: "report this pack to the Trạm Học Số developers"}}
		}
	}()
	ld.file = file
	if len(data) > MaxPackBytes {
		ld.probs.Add(file, 0, "", fmt.Sprintf("the file is %d bytes, more than %d", len(data), MaxPackBytes), "split the practice or shorten its texts")
		return nil, ld.probs
	}
	var pk Pack
	root, pp := yamlfile.Decode(file, data, &pk)
	ld.root = root
	if root == nil {
		return nil, pp
	}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if sp := schemaProblems(ld.schema, file, doc); len(sp) > 0 {
		return nil, sp
	}
	if len(pp) > 0 {
		return nil, pp
	}
	p = &pk
	p.file = file
	p.places = ld.places
	p.skills = ld.skills.byID()
	p.areas = map[string]SkillArea{}
	for _, a := range ld.skills.Areas {
		p.areas[a.ID] = a
	}
	p.framework = ld.skills.Framework
	ld.check(p)
	if len(ld.probs) > 0 {
		return nil, ld.probs
	}
	return p, nil
}

// check does what the schema cannot: ids, references, conditions, images,
// step order, and the persona's answers' shapes.
func (ld *loader) check(p *Pack) {
	p.stepIdx = map[string]int{}
	p.fieldIdx = map[string]fieldRef{}
	p.conds = map[string]*condition{}
	p.images = map[string]string{}
	p.patterns = map[string]*regexp.Regexp{}
	for i, s := range p.Skills {
		if _, ok := p.skills[s]; !ok {
			ld.add(fmt.Sprintf("skills.%d", i), fmt.Sprintf("%q is not in skills.yaml", s), "use an id from skills.yaml or add the skill there")
		}
	}
	// Ids first: conditions compile against every field.
	for i := range p.Steps {
		st := &p.Steps[i]
		sp := fmt.Sprintf("steps.%d", i)
		if !stepIDRE.MatchString(st.ID) {
			ld.add(sp+".id", fmt.Sprintf("%q is not a valid step id", st.ID), "use lower-case letters, digits and dashes")
		}
		if j, dup := p.stepIdx[st.ID]; dup {
			ld.add(sp+".id", fmt.Sprintf("step id %q is also used by step %d", st.ID, j+1), "give every step its own id")
		}
		p.stepIdx[st.ID] = i
		for j := range st.Fields {
			f := &st.Fields[j]
			if r, dup := p.fieldIdx[f.ID]; dup {
				ld.add(fmt.Sprintf("%s.fields.%d.id", sp, j), fmt.Sprintf("field id %q is also used in step %q", f.ID, p.Steps[r.step].ID),
					"answers are kept by field id: give every field its own id")
				continue
			}
			p.fieldIdx[f.ID] = fieldRef{i, j}
		}
	}
	// A passcode_check step asks one passcode the pack does not declare.
	for i := range p.Steps {
		if st := &p.Steps[i]; st.Kind == KindPasscodeCheck && len(st.Fields) == 0 {
			st.Fields = []Field{{ID: PasscodeFieldPrefix + st.ID, Type: TypePasscode, Required: true,
				Label: Text{VI: "Mã passcode", EN: "Passcode"}, passcodeCheck: true}}
		}
	}
	env := map[string]any{}
	for id, r := range p.fieldIdx {
		env[id] = zeroOf(&p.Steps[r.step].Fields[r.field])
	}
	ld.checkOrder(p)
	for i := range p.Steps {
		st := &p.Steps[i]
		sp := fmt.Sprintf("steps.%d", i)
		ld.condition(p, sp+".show_if", st.ShowIf, env)
		if st.Kind == KindOTP && !strings.Contains(st.SMS.VI, "{code}") {
			ld.add(sp+".sms.vi", "the message does not show the code", "write {code} where the six digits go")
		}
		for j := range st.Fields {
			ld.field(p, st, &st.Fields[j], fmt.Sprintf("%s.fields.%d", sp, j), env, nil)
		}
		ld.stepKind(p, i)
	}
	ld.persona(p)
}

func (ld *loader) checkOrder(p *Pack) {
	first := map[string]int{}
	for i, st := range p.Steps {
		if _, ok := first[st.Kind]; !ok {
			first[st.Kind] = i
		}
		if st.Kind == KindFinish && i != len(p.Steps)-1 {
			ld.add(fmt.Sprintf("steps.%d.kind", i), "only the last step may be the finish step", "move the finish step to the end")
		}
		if i == 0 && st.ShowIf != "" {
			ld.add("steps.0.show_if", "the first step always shows", "remove show_if from the first step")
		}
		if st.Kind == KindFinish && st.ShowIf != "" {
			ld.add(fmt.Sprintf("steps.%d.show_if", i), "the finish step always shows", "remove show_if from the finish step")
		}
	}
	if len(p.Steps) > 0 && p.Steps[len(p.Steps)-1].Kind != KindFinish {
		ld.add(fmt.Sprintf("steps.%d.kind", len(p.Steps)-1), "the last step must be a finish step", "end the practice with a step of kind finish")
	}
	if t, ok := first[KindTrack]; ok {
		if s, ok := first[KindSubmit]; !ok || s > t {
			ld.add(fmt.Sprintf("steps.%d.kind", t), "a track step needs a submit step before it (the receipt code comes from there)", "add a submit step before it")
		}
	}
	for i, st := range p.Steps {
		if st.Kind == KindReview {
			if s, ok := first[KindSubmit]; ok && s < i {
				ld.add(fmt.Sprintf("steps.%d.kind", i), "a review step after the submit step cannot change anything", "put the review step before the submit step")
			}
		}
	}
}

func (ld *loader) condition(p *Pack, at, src string, env map[string]any) {
	if src == "" {
		return
	}
	if _, ok := p.conds[src]; ok {
		return
	}
	c, err := compileCondition(src, env)
	if err != nil {
		ld.add(at, fmt.Sprintf("condition %q: %v", src, err), "write it over answer ids, e.g. quan_he == \"cha\" or co_bhyt")
		return
	}
	p.conds[src] = c
}

// field checks one field; row holds the sibling columns when f is a column
// of a repeat group.
func (ld *loader) field(p *Pack, st *Step, f *Field, at string, env map[string]any, row []Field) {
	if kinds, ok := fieldKinds[f.Type]; ok && !contains(kinds, st.Kind) {
		ld.add(at+".type", fmt.Sprintf("a %s field belongs on a %s step", f.Type, kinds[0]), "move it or change its type")
	}
	if row != nil && (f.Type == TypeRepeat || f.Type == TypeOTP || f.Type == TypeSearch || f.Type == TypeUpload || f.Type == TypeReceipt ||
		f.Type == TypeAgency || f.Type == TypeCards) {
		ld.add(at+".type", fmt.Sprintf("a %s field cannot be a column of a repeat group", f.Type), "use text, date, select, number or address columns")
	}
	if row != nil && f.ShowIf != "" {
		ld.add(at+".show_if", "columns of a repeat group cannot have show_if", "put the condition on the repeat field")
	}
	ld.condition(p, at+".show_if", f.ShowIf, env)
	values := map[string]bool{}
	correct := 0
	for k, o := range f.Options {
		if values[o.Value] {
			ld.add(fmt.Sprintf("%s.options.%d.value", at, k), fmt.Sprintf("value %q is used twice", o.Value), "give every option its own value")
		}
		values[o.Value] = true
		if o.Correct {
			correct++
		}
		if o.Image != "" {
			ld.image(p, fmt.Sprintf("%s.options.%d.image", at, k), o.Image)
		} else if f.Type == TypeUpload {
			ld.add(fmt.Sprintf("%s.options.%d", at, k), "an upload choice needs an image", "name a file in practice/images/")
		}
	}
	if (f.Type == TypeSearch || f.Type == TypeUpload) && correct == 0 {
		ld.add(at+".options", "no option is marked correct: the practice could never go on", "mark the right choice with correct: true")
	}
	ld.newField(st, f, at, correct)
	if f.Type == TypeRepeat {
		if f.MaxRows > 0 && f.MinRows > f.MaxRows {
			ld.add(at+".min_rows", "min_rows is more than max_rows", "")
		}
		seen := map[string]bool{}
		for k := range f.Fields {
			if seen[f.Fields[k].ID] {
				ld.add(fmt.Sprintf("%s.fields.%d.id", at, k), fmt.Sprintf("column id %q is used twice", f.Fields[k].ID), "")
			}
			seen[f.Fields[k].ID] = true
			ld.field(p, st, &f.Fields[k], fmt.Sprintf("%s.fields.%d", at, k), env, f.Fields)
		}
	}
	for k := range f.Rules {
		ld.rule(p, f, &f.Rules[k], fmt.Sprintf("%s.rules.%d", at, k), row)
	}
	for code := range f.Messages {
		if Message(code) == Message("no.such_code") && !contains(Codes(), code) {
			ld.add(at+".messages."+code, fmt.Sprintf("%q is not an error code", code), "see the list of codes in docs/practice-packs.md")
		}
	}
}

// newField checks what the agency and cards field types add.
func (ld *loader) newField(st *Step, f *Field, at string, correct int) {
	for k, o := range f.Options {
		if o.Correct && f.Type != TypeSearch && f.Type != TypeUpload && !(f.Type == TypeCards && st.Kind == KindQuiz) {
			ld.add(fmt.Sprintf("%s.options.%d.correct", at, k), "only search, upload and quiz choices have a correct answer", "remove correct: true")
		}
		if (o.Explain.VI != "" || o.Explain.EN != "") && !(f.Type == TypeCards && st.Kind == KindQuiz) {
			ld.add(fmt.Sprintf("%s.options.%d.explain", at, k), "only the choices of a quiz step have an explanation", "remove explain, or make the step a quiz")
		}
	}
	if f.Type != TypeCards && (f.Multiple || f.MinChoices > 0 || f.MaxChoices > 0) {
		ld.add(at+".multiple", "multiple, min_choices and max_choices belong to cards fields", "remove them or make the field type cards")
	}
	if f.Type != TypeAgency && (f.Level != "" || f.AgencyName.VI != "" || f.AgencyName.EN != "") {
		ld.add(at+".level", "level and agency_name belong to agency fields", "remove them or make the field type agency")
	}
	if f.Type == TypeAgency && f.Level == "" {
		ld.add(at+".level", "an agency field needs its level", "write level: commune (UBND xã, phường, đặc khu) or level: province (e.g. Công an tỉnh)")
	}
	if f.Type != TypeCards {
		return
	}
	if !f.Multiple && (f.MinChoices > 0 || f.MaxChoices > 0) {
		ld.add(at+".min_choices", "min_choices and max_choices need multiple: true", "add multiple: true or remove them")
	}
	if f.MaxChoices > 0 && f.MinChoices > f.MaxChoices {
		ld.add(at+".min_choices", "min_choices is more than max_choices", "")
	}
	if f.MinChoices > len(f.Options) {
		ld.add(at+".min_choices", fmt.Sprintf("min_choices is %d but there are only %d options: the step could never go on", f.MinChoices, len(f.Options)), "")
	}
	if st.Kind == KindQuiz {
		if f.Multiple {
			ld.add(at+".multiple", "a quiz question has one answer", "remove multiple: true")
		}
		if correct != 1 {
			ld.add(at+".options", fmt.Sprintf("a quiz question needs exactly one option marked correct, not %d", correct), "mark the one right choice with correct: true")
		}
		for k, o := range f.Options {
			if o.Explain.VI == "" || o.Explain.EN == "" {
				ld.add(fmt.Sprintf("%s.options.%d", at, k), "every choice of a quiz needs explain (vi and en): it is what the citizen reads after choosing it", "add explain: {vi: …, en: …}")
			}
		}
	}
}

// stepKind checks what the new step kinds need beyond the schema.
func (ld *loader) stepKind(p *Pack, i int) {
	st := &p.Steps[i]
	sp := fmt.Sprintf("steps.%d", i)
	if st.WorkingDays > 0 && st.Kind != KindSubmit {
		ld.add(sp+".working_days", "working_days belongs to the submit step", "move it to the submit step")
	}
	for _, t := range []struct {
		at   string
		text Text
	}{{sp + ".title", st.Title}, {sp + ".body", st.Body}, {sp + ".hint", st.Hint}, {sp + ".status", st.Status}, {sp + ".notice.text", noticeText(st)}} {
		ld.placeholders(p, i, t.at, t.text)
	}
	switch st.Kind {
	case KindAgency:
		n := 0
		for _, f := range st.Fields {
			if f.Type == TypeAgency {
				n++
			}
		}
		if n == 0 {
			ld.add(sp+".fields", "an agency step needs an agency field", "add a field of type agency")
		}
	case KindPasscodeCheck:
		if p.Persona.Passcode == "" {
			ld.add("persona", "a passcode_check step asks the persona's passcode, and the persona has none", `add persona.passcode: "135792" (6 digits)`)
		}
	case KindQuiz:
		if len(st.Fields) != 1 || st.Fields[0].Type != TypeCards {
			ld.add(sp+".fields", "a quiz step asks one question: one cards field", "keep one field of type cards")
		}
	case KindPayment:
		ld.payment(p, i)
	}
}

func noticeText(st *Step) Text {
	if st.Notice == nil {
		return Text{}
	}
	return st.Notice.Text
}

// placeholders checks that {receipt}, {appointment} and {agency} in a text
// of step i can be filled in when it shows.
func (ld *loader) placeholders(p *Pack, i int, at string, t Text) {
	s := t.VI + t.EN
	submitBefore, workingDays, agency := false, false, false
	for j, st := range p.Steps {
		submitBefore = submitBefore || (st.Kind == KindSubmit && j < i)
		workingDays = workingDays || (st.Kind == KindSubmit && st.WorkingDays > 0) // before the submission: the expected day
		for _, f := range st.Fields {
			agency = agency || (f.Type == TypeAgency && j <= i)
		}
	}
	if strings.Contains(s, PhReceipt) && !submitBefore {
		ld.add(at, "{receipt} is only known after the submit step", "use it on a step after the submit step")
	}
	if strings.Contains(s, PhAppointment) && !workingDays {
		ld.add(at, "{appointment} needs working_days on the submit step", "add working_days: N to the submit step")
	}
	if strings.Contains(s, PhAgency) && !agency {
		ld.add(at, "{agency} needs an agency field on this step or before it", "add an agency step before it")
	}
}

// payment checks a payment step: its methods are the options of one of its
// fields, the exemption and per-copy fields are answered before it.
func (ld *loader) payment(p *Pack, i int) {
	st := &p.Steps[i]
	sp := fmt.Sprintf("steps.%d", i)
	pay := st.Payment
	if pay == nil {
		return // the schema requires it
	}
	methods := map[string]bool{}
	for _, m := range pay.Methods {
		methods[m.Value] = true
	}
	for _, f := range st.Fields {
		if (f.Type != TypeRadio && f.Type != TypeSelect && f.Type != TypeCards) || f.Multiple || len(f.Options) != len(methods) {
			continue
		}
		same := true
		for _, o := range f.Options {
			same = same && methods[o.Value]
		}
		if same {
			pay.methodField = f.ID
			break
		}
	}
	if pay.methodField == "" {
		ld.add(sp+".payment.methods", "no field of the step offers exactly these methods", "add a radio field whose options have the methods' values")
	}
	before := func(id string) *Field {
		r, ok := p.fieldIdx[id]
		if !ok || r.step >= i {
			return nil
		}
		return p.field(id)
	}
	if pay.ExemptionField != "" {
		f := before(pay.ExemptionField)
		switch {
		case f == nil:
			ld.add(sp+".payment.exemption_field", fmt.Sprintf("no field %q on a step before this one", pay.ExemptionField), "name a radio, select or cards field answered earlier")
		case (f.Type != TypeRadio && f.Type != TypeSelect && f.Type != TypeCards) || f.Multiple:
			ld.add(sp+".payment.exemption_field", fmt.Sprintf("field %q is a %s field: an exemption needs one choice", f.ID, f.Type), "name a radio, select or single cards field")
		default:
			for k, ex := range pay.Exemptions {
				if optionByValue(f.Options, ex.Value) == nil {
					ld.add(fmt.Sprintf("%s.payment.exemptions.%d.value", sp, k), fmt.Sprintf("%q is not an option of field %q", ex.Value, f.ID), "use one of its option values")
				}
			}
		}
	} else if len(pay.Exemptions) > 0 {
		ld.add(sp+".payment.exemptions", "exemptions need exemption_field", "name the field whose answer gives the exemption")
	}
	if pc := pay.PerCopy; pc != nil {
		if f := before(pc.Field); f == nil || f.Type != TypeNumber {
			ld.add(sp+".payment.per_copy.field", fmt.Sprintf("no number field %q on a step before this one", pc.Field), "name the number field that asks how many copies")
		}
	}
}

func (ld *loader) rule(p *Pack, f *Field, r *Rule, at string, row []Field) {
	if types := ruleTypes[r.Kind]; !contains(types, f.Type) {
		ld.add(at+".kind", fmt.Sprintf("rule %s does not apply to a %s field", r.Kind, f.Type), "it applies to: "+strings.Join(types, ", "))
		return
	}
	ref := func(p2, id, want string) {
		if id == "" {
			return
		}
		var other *Field
		if row != nil {
			other = fieldByID(row, id)
		}
		if other == nil {
			other = p.field(id)
		}
		switch {
		case other == nil:
			ld.add(p2, fmt.Sprintf("no field %q", id), "name a field of this pack")
		case want != "" && other.Type != want:
			ld.add(p2, fmt.Sprintf("field %q is a %s field, not %s", id, other.Type, want), "")
		case other == f:
			ld.add(p2, "a rule cannot compare a field with itself", "")
		}
	}
	switch r.Kind {
	case RulePattern:
		re, err := regexp.Compile(`^(?:` + r.Pattern + `)$`)
		if err != nil {
			ld.add(at+".pattern", "not a valid regular expression: "+err.Error(), "use Go (RE2) syntax")
			return
		}
		p.patterns[r.Pattern] = re
	case RuleNotBefore, RuleNotAfter:
		ref(at+".field", r.Field, TypeDate)
	case RuleSameAs:
		ref(at+".field", r.Field, f.Type)
	case RuleCCCDMatches:
		ref(at+".birth_date", r.BirthDate, TypeDate)
		ref(at+".sex", r.Sex, "")
	}
}

func (ld *loader) image(p *Pack, at, name string) {
	if _, ok := p.images[name]; ok {
		return
	}
	file := path.Join(ld.dir, "images", name)
	data, err := fs.ReadFile(ld.fsys, file)
	if err != nil {
		ld.add(at, fmt.Sprintf("cannot read %s", file), "put the sample image in practice/images/")
		return
	}
	if len(data) > MaxImageBytes {
		ld.add(at, fmt.Sprintf("%s is %d bytes, more than %d", file, len(data), MaxImageBytes), "use a smaller image")
		return
	}
	mime := "image/png"
	if strings.HasSuffix(name, ".svg") {
		mime = "image/svg+xml"
	}
	p.images[name] = "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// persona checks that every persona answer names a field and has the shape
// of its type; strings must be written as YAML strings.
func (ld *loader) persona(p *Pack) {
	for id, v := range p.Persona.Answers {
		at := "persona.answers." + id
		f := p.field(id)
		if f == nil {
			ld.add(at, fmt.Sprintf("no field %q in this pack", id), "remove it or fix the field id")
			continue
		}
		ld.personaValue(at, f, v)
	}
}

func (ld *loader) personaValue(at string, f *Field, v any) {
	switch f.Type {
	case TypeCheckbox:
		if _, ok := v.(bool); !ok {
			ld.add(at, "must be true or false", "")
		}
	case TypeAgency:
		m, ok := v.(map[string]any)
		if !ok {
			ld.add(at, "must be a mapping with province (and commune for a commune-level agency)", "")
			return
		}
		for k, x := range m {
			if _, ok := x.(string); !ok || (k != "province" && k != "commune") {
				ld.add(at+"."+k, "an agency answer has only province and commune, both text", "")
			}
		}
	case TypeCards:
		if !f.Multiple {
			if _, ok := v.(string); !ok {
				ld.add(at, "must be one option value, as text", "")
			}
			return
		}
		list, ok := v.([]any)
		if !ok {
			ld.add(at, "must be a list of option values", `write e.g. ["khai-tu", "xoa-thuong-tru"]`)
			return
		}
		for k, x := range list {
			if _, ok := x.(string); !ok {
				ld.add(fmt.Sprintf("%s.%d", at, k), "must be an option value, as text", "")
			}
		}
	case TypeAddress:
		m, ok := v.(map[string]any)
		if !ok {
			ld.add(at, "must be a mapping with province, commune and detail", "")
			return
		}
		for k, x := range m {
			if _, ok := x.(string); !ok || (k != "province" && k != "commune" && k != "detail") {
				ld.add(at+"."+k, "an address has only province, commune and detail, all text", "")
			}
		}
	case TypeRepeat:
		rows, ok := v.([]any)
		if !ok {
			ld.add(at, "must be a list of rows", "")
			return
		}
		for i, r := range rows {
			m, ok := r.(map[string]any)
			if !ok {
				ld.add(fmt.Sprintf("%s.%d", at, i), "each row must be a mapping of column id to value", "")
				continue
			}
			for k, x := range m {
				col := fieldByID(f.Fields, k)
				if col == nil {
					ld.add(fmt.Sprintf("%s.%d.%s", at, i, k), fmt.Sprintf("no column %q", k), "")
					continue
				}
				ld.personaValue(fmt.Sprintf("%s.%d.%s", at, i, k), col, x)
			}
		}
	default:
		s, ok := v.(string)
		if !ok {
			ld.add(at, "must be written as text in quotes", `quote it, e.g. "0912345678": a number loses its leading 0`)
			return
		}
		if f.Type == TypeDate && strings.HasPrefix(s, "today") && !relDateRE.MatchString(s) {
			ld.add(at, fmt.Sprintf("%q is not a relative date", s), "write dd/mm/yyyy or today-20d, today-30y")
		}
	}
}

// resolveDate turns "today", "today-20d", "today-1y+3d" into dd/mm/yyyy
// counted from today; any other text is returned unchanged.
func resolveDate(s string, today vnformat.Date) string {
	m := relDateRE.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	d := today
	for _, part := range relPartRE.FindAllStringSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(part[2])
		if part[1] == "-" {
			n = -n
		}
		if part[3] == "y" {
			d = d.AddYears(n)
		} else {
			d = d.AddDays(n)
		}
	}
	return d.String()
}
