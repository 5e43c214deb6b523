package practice

import (
	"sort"
	"strings"
	"time"

	"tramhocso/app/vnformat"
)

// View is what the screen needs to show the current step.
type View struct {
	Pack       string   `json:"pack"`
	Version    int      `json:"version"`
	Title      Text     `json:"title"` // the pack's title
	Sample     bool     `json:"sample"`
	Step       StepView `json:"step"`
	Index      int      `json:"index"` // "Bước {index}/{total}", counting the steps that show
	Total      int      `json:"total"`
	CanBack    bool     `json:"can_back"`
	FromReview bool     `json:"from_review"` // changing an answer from the review page
	Finished   bool     `json:"finished"`
}

// StepView is one step as the screen shows it.
type StepView struct {
	ID      string         `json:"id"`
	Kind    string         `json:"kind"`
	Title   Text           `json:"title"`
	Body    Text           `json:"body"`
	Hint    Text           `json:"hint"`
	QR      bool           `json:"qr,omitempty"`
	SMS     *Text          `json:"sms,omitempty"`     // otp: the simulated message, code filled in
	Receipt string         `json:"receipt,omitempty"` // submit/track/finish
	Status  *Text          `json:"status,omitempty"`  // finish: the status the tracking found
	Fields  []FieldView    `json:"fields"`
	Review  []ReviewGroup  `json:"review,omitempty"`
	Service *Service       `json:"service,omitempty"` // finish: the real service
	Persona *PersonaView   `json:"persona,omitempty"` // first step: who the sample data is about
	Answers map[string]any `json:"answers,omitempty"` // this step's stored answers, to fill the page again

	Appointment string        `json:"appointment,omitempty"` // submit (expected) and later: "ngày hẹn trả kết quả", dd/mm/yyyy
	Agency      *Text         `json:"agency,omitempty"`      // the agency chosen, once there is one
	Payment     *FeeView      `json:"payment,omitempty"`     // payment: the fee lines, total and methods
	Notice      *NoticeView   `json:"notice,omitempty"`      // notice: the message, placeholders filled in
	Scenario    *ScenarioView `json:"scenario,omitempty"`    // quiz: what to judge
	Feedback    *Text         `json:"feedback,omitempty"`    // after a quiz answered right: why it was right
	Passcode    string        `json:"passcode,omitempty"`    // passcode_check: the practice passcode to type
}

// NoticeView is the message of a notice step.
type NoticeView struct {
	Channel string `json:"channel"`
	Sender  string `json:"sender"`
	Text    Text   `json:"text"`
}

// ScenarioView is what a quiz step shows.
type ScenarioView struct {
	Channel string `json:"channel"`
	Sender  string `json:"sender"`
	Text    Text   `json:"text"`
	URL     string `json:"url,omitempty"`
}

// PersonaView presents the sample persona.
type PersonaView struct {
	Name     Text   `json:"name"`
	Story    Text   `json:"story"`
	Passcode string `json:"passcode,omitempty"` // the persona's VNeID passcode, when a step asks it
}

// FieldView is one field as the screen shows it.
type FieldView struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Label    Text         `json:"label"`
	Hint     Text         `json:"hint"`
	Why      Text         `json:"why"`
	Required bool         `json:"required"`
	Visible  bool         `json:"visible"`
	Watch    bool         `json:"watch,omitempty"` // another field's show_if reads this one: ask Visible on change
	Options  []OptionView `json:"options,omitempty"`
	Fields   []FieldView  `json:"fields,omitempty"` // repeat: the columns
	MinRows  int          `json:"min_rows,omitempty"`
	MaxRows  int          `json:"max_rows,omitempty"`
	Example  any          `json:"example,omitempty"` // the persona's value
	Fails    int          `json:"fails"`             // failed tries so far: offer the example from 2
	SameAs   string       `json:"same_as,omitempty"` // a confirmation field: the field it must repeat

	Level      string `json:"level,omitempty"`       // agency: commune or province
	AgencyName *Text  `json:"agency_name,omitempty"` // agency: the name, with {province} and {commune}
	Multiple   bool   `json:"multiple,omitempty"`    // cards: several choices
	MinChoices int    `json:"min_choices,omitempty"`
	MaxChoices int    `json:"max_choices,omitempty"`
}

// OptionView is a choice as the screen shows it.
type OptionView struct {
	Value    string `json:"value"`
	Label    Text   `json:"label"`
	Detail   Text   `json:"detail"`
	Keywords string `json:"keywords,omitempty"`
	Image    string `json:"image,omitempty"` // upload: a data: URL of the sample image
}

// ReviewGroup is one step's answers on a review page.
type ReviewGroup struct {
	Step  string       `json:"step"`
	Title Text         `json:"title"`
	Items []ReviewItem `json:"items"`
}

// ReviewItem is one answer on a review page.
type ReviewItem struct {
	Field string `json:"field"`
	Label Text   `json:"label"`
	Value Text   `json:"value"`
}

// View describes the current step of pr as of now (persona dates such as
// "today-20d" are counted from it). A progress that does not belong
// to p gives an error with code practice.corrupt.
func (p *Pack) View(pr *Progress, now time.Time) (View, error) {
	today := vnformat.DateOf(now)
	st, err := p.check(pr)
	if err != nil {
		return View{}, err
	}
	env := p.env(pr.Personal.Answers)
	v := View{Pack: p.ID, Version: p.Version, Title: p.Title, Sample: pr.Sample,
		CanBack:    (len(pr.History) > 0 || pr.Review != "") && st.Kind != KindFinish,
		FromReview: pr.Review != "", Finished: pr.Finished()}
	cur := p.stepIdx[st.ID]
	for i := range p.Steps {
		if i == cur || p.stepShown(i, env) {
			v.Total++
			if i <= cur {
				v.Index = v.Total
			}
		}
	}
	sv := StepView{ID: st.ID, Kind: st.Kind, Title: p.fill(st.Title, pr, now), Body: p.fill(st.Body, pr, now),
		Hint: p.fill(st.Hint, pr, now), QR: st.QR, Fields: []FieldView{}}
	p.kindView(&sv, st, pr, now)
	if st.Kind == KindOTP {
		sms := Text{VI: strings.ReplaceAll(st.SMS.VI, "{code}", pr.OTP(st.ID)), EN: strings.ReplaceAll(st.SMS.EN, "{code}", pr.OTP(st.ID))}
		sv.SMS = &sms
	}
	switch st.Kind {
	case KindSubmit, KindTrack, KindFinish:
		sv.Receipt = pr.Personal.Receipt
	}
	if st.Kind == KindFinish {
		for _, s := range p.Steps {
			if s.Kind == KindTrack && (s.Status.VI != "" || s.Status.EN != "") {
				status := p.fill(s.Status, pr, now)
				sv.Status = &status
			}
		}
		svc := p.Service
		sv.Service = &svc
	}
	if cur == 0 {
		sv.Persona = &PersonaView{Name: p.Persona.Name, Story: p.Persona.Story}
		if p.hasKind(KindPasscodeCheck) {
			sv.Persona.Passcode = p.Persona.Passcode
		}
	}
	if st.Kind == KindReview {
		sv.Review = p.review(pr, cur, env)
	}
	sc := pr.Score.Steps[st.ID]
	watched := p.watched(st)
	for i := range st.Fields {
		f := &st.Fields[i]
		fv := p.fieldView(f, p.personaAnswer(f, today))
		if f.passcodeCheck {
			fv.Example = p.Persona.Passcode // the persona's: what "Dùng dữ liệu mẫu" types
		}
		fv.Visible = p.fieldShown(st, f, env, pr.Personal.Answers)
		fv.Watch = watched[f.ID]
		if sc != nil {
			fv.Fails = sc.Fails[f.ID]
		}
		sv.Fields = append(sv.Fields, fv)
		if a, ok := pr.Personal.Answers[f.ID]; ok && f.Type != TypeOTP && f.Type != TypeReceipt {
			if sv.Answers == nil {
				sv.Answers = map[string]any{}
			}
			sv.Answers[f.ID] = a
		}
	}
	v.Step = sv
	return v, nil
}

// watched returns the fields of st that a show_if in st reads.
func (p *Pack) watched(st *Step) map[string]bool {
	out := map[string]bool{}
	for _, f := range st.Fields {
		if c := p.conds[f.ShowIf]; c != nil {
			for _, v := range c.vars {
				out[v] = true
			}
		}
	}
	return out
}

func (p *Pack) fieldView(f *Field, example any) FieldView {
	fv := FieldView{ID: f.ID, Type: f.Type, Label: f.Label, Hint: f.Hint, Why: f.Why, Required: f.Required,
		MinRows: f.MinRows, MaxRows: f.MaxRows, Example: example,
		Level: f.Level, Multiple: f.Multiple, MinChoices: f.MinChoices, MaxChoices: f.MaxChoices}
	if r := sameAsRule(f); r != nil {
		fv.SameAs = r.Field
	}
	if f.Type == TypeAgency {
		name := agencyName(f, map[string]any{"province": "{province}", "commune": "{commune}"})
		fv.AgencyName = &name
	}
	switch f.Type {
	case TypeOTP, TypeReceipt, TypePassword, TypePasscode:
		fv.Example = nil // these come from the screen or are the citizen's own choice
	}
	for _, o := range f.Options {
		ov := OptionView{Value: o.Value, Label: o.Label, Detail: o.Detail, Keywords: o.Keywords}
		if o.Image != "" {
			ov.Image = p.images[o.Image]
		}
		fv.Options = append(fv.Options, ov)
	}
	for i := range f.Fields {
		fv.Fields = append(fv.Fields, p.fieldView(&f.Fields[i], nil))
		fv.Fields[i].Visible = true
	}
	return fv
}

// reviewable step kinds are listed on a review page, each with "Sửa".
func reviewable(kind string) bool {
	return kind == KindForm || kind == KindUpload || kind == KindAgency
}

// hasKind reports whether a step of the pack is of kind.
func (p *Pack) hasKind(kind string) bool {
	for _, st := range p.Steps {
		if st.Kind == kind {
			return true
		}
	}
	return false
}

// kindView adds what the new step kinds show: the expected appointment and
// the agency, the fee, the notice, the quiz's scenario and feedback.
func (p *Pack) kindView(sv *StepView, st *Step, pr *Progress, now time.Time) {
	switch st.Kind {
	case KindSubmit, KindTrack, KindFinish, KindNotice:
		sv.Appointment = p.appointment(pr, now)
		sv.Agency = p.chosenAgency(pr.Personal.Answers)
	case KindPayment:
		sv.Agency = p.chosenAgency(pr.Personal.Answers)
	}
	if st.Payment != nil {
		fv := p.fee(st.Payment, pr.Personal.Answers)
		sv.Payment = &fv
	}
	if n := st.Notice; n != nil {
		sv.Notice = &NoticeView{Channel: n.Channel, Sender: n.Sender, Text: p.fill(n.Text, pr, now)}
	}
	if sc := st.Scenario; sc != nil {
		sv.Scenario = &ScenarioView{Channel: sc.Channel, Sender: sc.Sender, Text: sc.Text, URL: sc.URL}
	}
	if st.Kind == KindPasscodeCheck {
		sv.Passcode = p.Persona.Passcode
	}
	if q := p.Step(pr.Feedback); q != nil && q.Kind == KindQuiz {
		for _, f := range q.Fields {
			for _, o := range f.Options {
				if o.Correct {
					fb := o.Explain
					sv.Feedback = &fb
				}
			}
		}
	}
}

func (p *Pack) review(pr *Progress, cur int, env map[string]any) []ReviewGroup {
	var out []ReviewGroup
	for i := 0; i < cur; i++ {
		st := &p.Steps[i]
		if !reviewable(st.Kind) || !p.stepShown(i, env) {
			continue
		}
		g := ReviewGroup{Step: st.ID, Title: st.Title, Items: []ReviewItem{}}
		for j := range st.Fields {
			f := &st.Fields[j]
			v, ok := pr.Personal.Answers[f.ID]
			if !ok || !p.shows(f.ShowIf, env) {
				continue
			}
			g.Items = append(g.Items, ReviewItem{Field: f.ID, Label: f.Label, Value: display(f, v)})
		}
		out = append(out, g)
	}
	return out
}

// display writes an answer the way a review page shows it.
func display(f *Field, v any) Text {
	plain := func(s string) Text { return Text{VI: s, EN: s} }
	switch f.Type {
	case TypeCheckbox:
		if b, _ := v.(bool); b {
			return Text{VI: "Có", EN: "Yes"}
		}
		return Text{VI: "Không", EN: "No"}
	case TypeSelect, TypeRadio, TypeSearch, TypeUpload:
		s, _ := v.(string)
		if o := optionByValue(f.Options, s); o != nil {
			return o.Label
		}
		return plain(s)
	case TypeCards:
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		var vi, en []string
		for _, x := range list {
			s, _ := x.(string)
			t := plain(s)
			if o := optionByValue(f.Options, s); o != nil {
				t = o.Label
			}
			vi, en = append(vi, t.VI), append(en, t.EN)
		}
		return Text{VI: strings.Join(vi, "\n"), EN: strings.Join(en, "\n")}
	case TypeAgency:
		return agencyName(f, v)
	case TypePassword, TypePasscode:
		return plain("••••••")
	case TypeAddress:
		m, _ := v.(map[string]any)
		var parts []string
		for _, k := range []string{"detail", "commune", "province"} {
			if s, _ := m[k].(string); s != "" {
				parts = append(parts, s)
			}
		}
		return plain(strings.Join(parts, ", "))
	case TypeRepeat:
		rows, _ := v.([]any)
		var vi, en []string
		for _, r := range rows {
			m, _ := r.(map[string]any)
			var rvi, ren []string
			for i := range f.Fields {
				t := display(&f.Fields[i], m[f.Fields[i].ID])
				if t.VI != "" {
					rvi = append(rvi, t.VI)
					ren = append(ren, t.EN)
				}
			}
			vi = append(vi, strings.Join(rvi, " · "))
			en = append(en, strings.Join(ren, " · "))
		}
		return Text{VI: strings.Join(vi, "\n"), EN: strings.Join(en, "\n")}
	}
	s, _ := v.(string)
	return plain(s)
}

// Summary is what the citizen sees at the end (and staff in the counters).
type Summary struct {
	Pack        string        `json:"pack"`
	Version     int           `json:"version"`
	Title       Text          `json:"title"`
	Finished    bool          `json:"finished"`
	Seconds     int64         `json:"seconds"`
	Mistakes    int           `json:"mistakes"`
	Hints       int           `json:"hints"`
	Examples    int           `json:"examples"`
	Skills      []SkillView   `json:"skills"`
	Steps       []StepSummary `json:"steps"`
	Documents   []Text        `json:"documents"`
	Service     Service       `json:"service"`
	UsedSample  bool          `json:"used_sample"`
	SkillsFrame string        `json:"skills_framework,omitempty"`
}

// SkillView is a skill with its framework area and the area's group number
// in the framework ("" when the skills file gives none).
type SkillView struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	Area  Text   `json:"area"`
	Group string `json:"group,omitempty"`
}

// StepSummary is one step's record in the summary.
type StepSummary struct {
	ID       string        `json:"id"`
	Title    Text          `json:"title"`
	Mistakes int           `json:"mistakes"`
	Hints    int           `json:"hints"`
	Examples int           `json:"examples"`
	Fixed    []FixedReport `json:"fixed,omitempty"` // the mistakes made here, each since put right
}

// FixedReport is one kind of mistake made on a step.
type FixedReport struct {
	Code    string `json:"code"`
	Times   int    `json:"times"`
	Message Text   `json:"message"`
}

// Summary reports how the practice went. It reads only the anonymous part
// of the progress, so it works after WipePersonal.
func (p *Pack) Summary(pr *Progress, now time.Time) (Summary, error) {
	if pr == nil || pr.Pack != p.ID || pr.Version != p.Version {
		return Summary{}, errCode(CodeCorruptProgress)
	}
	s := Summary{Pack: p.ID, Version: p.Version, Title: p.Title, Finished: pr.Finished(), Documents: p.Documents,
		Service: p.Service, UsedSample: pr.Sample, Skills: []SkillView{}, Steps: []StepSummary{}}
	if s.Documents == nil {
		s.Documents = []Text{}
	}
	end := now
	if pr.Finished() {
		end = pr.Score.Finished
	}
	if d := end.Sub(pr.Score.Started); d > 0 {
		s.Seconds = int64(d / time.Second)
	}
	s.SkillsFrame = p.framework
	for _, st := range p.Steps {
		sc := pr.Score.Steps[st.ID]
		if sc == nil {
			continue
		}
		ss := StepSummary{ID: st.ID, Title: st.Title, Mistakes: sc.Mistakes, Hints: sc.Hints, Examples: sc.Examples}
		codes := make([]string, 0, len(sc.Codes))
		for c := range sc.Codes {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool {
			if sc.Codes[codes[i]] != sc.Codes[codes[j]] {
				return sc.Codes[codes[i]] > sc.Codes[codes[j]]
			}
			return codes[i] < codes[j]
		})
		for _, c := range codes {
			ss.Fixed = append(ss.Fixed, FixedReport{Code: c, Times: sc.Codes[c], Message: p.messageFor(&st, c)})
		}
		s.Mistakes += sc.Mistakes
		s.Hints += sc.Hints
		s.Examples += sc.Examples
		if sc.Mistakes > 0 || sc.Hints > 0 || sc.Examples > 0 {
			s.Steps = append(s.Steps, ss)
		}
	}
	for _, id := range p.Skills {
		if !credited(id, s) {
			continue
		}
		sk := p.skills[id]
		s.Skills = append(s.Skills, SkillView{ID: id, Title: sk.Title, Area: p.areas[sk.Area].Title, Group: p.areas[sk.Area].Group})
	}
	return s, nil
}

// SkillFixMistakes is the skill of reading an error message and putting the
// mistake right: the summary credits it only when the citizen did.
const SkillFixMistakes = "doc-va-sua-loi"

// credited tells whether the summary lists a pack's skill: the practice
// trains every skill it names, except one that depends on what happened
// (reading and fixing an error needs an error that was fixed).
func credited(skill string, s Summary) bool {
	if skill == SkillFixMistakes {
		return s.Mistakes > 0
	}
	return true
}

// messageFor finds the words a step's fields use for code.
func (p *Pack) messageFor(st *Step, code string) Text {
	for _, f := range st.Fields {
		if m, ok := f.Messages[code]; ok {
			return m
		}
	}
	return Message(code)
}
