package practice

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"tramhocso/app/vnformat"
)

// Progress is the whole state of one running practice: one value, JSON
// serialisable, that the caller keeps (in memory or in the session store)
// between requests. Personal holds what the citizen typed; everything else
// is anonymous (step ids, counters, times) and may be kept after the
// personal part is wiped.
type Progress struct {
	Pack    string `json:"pack"`
	Version int    `json:"version"`
	Seed    uint64 `json:"seed"`   // makes the simulated OTP codes and receipt
	Sample  bool   `json:"sample"` // the citizen chose "Dùng dữ liệu mẫu"
	Step    string `json:"step"`   // the current step's id
	// History is the steps to go back to, most recent last.
	History []string `json:"history,omitempty"`
	// Review is set while a step is being changed from a review page: the
	// review step to come back to.
	Review   string   `json:"review,omitempty"`
	Personal Personal `json:"personal"`
	Score    Score    `json:"score"`
	// Feedback is the quiz step just answered right: the next view shows
	// why ("Đúng rồi"). Cleared when the step changes again.
	Feedback string `json:"feedback,omitempty"`
}

// Personal is the citizen's own input. WipePersonal clears it.
type Personal struct {
	Answers map[string]any `json:"answers"`
	Receipt string         `json:"receipt,omitempty"`
	// Appointment is the day the result is due (dd/mm/yyyy), set with the
	// receipt by a submit step with working_days.
	Appointment string `json:"appointment,omitempty"`
}

// Score is the anonymous record of how the practice went.
type Score struct {
	Started  time.Time             `json:"started"`
	Entered  time.Time             `json:"entered"` // when the current step was shown
	Finished time.Time             `json:"finished,omitzero"`
	Steps    map[string]*StepScore `json:"steps,omitempty"`
}

// StepScore counts what happened on one step.
type StepScore struct {
	Tries    int            `json:"tries,omitempty"`    // submissions
	Mistakes int            `json:"mistakes,omitempty"` // submissions that had errors
	Hints    int            `json:"hints,omitempty"`    // hints opened
	Examples int            `json:"examples,omitempty"` // examples shown ("Xem ví dụ")
	Seconds  int64          `json:"seconds,omitempty"`
	Codes    map[string]int `json:"codes,omitempty"` // error code → times seen
	Fails    map[string]int `json:"fails,omitempty"` // field id → failed tries
}

// WipePersonal forgets everything the citizen typed, keeping the counters.
func (pr *Progress) WipePersonal() {
	pr.Personal = Personal{}
}

// Finished reports whether the practice reached its finish step.
func (pr *Progress) Finished() bool { return !pr.Score.Finished.IsZero() }

// OTP is the simulated one-time code for step: six digits derived from the
// progress's seed, the same every time it is asked for.
func (pr *Progress) OTP(step string) string {
	return fmt.Sprintf("%06d", pr.hash("otp:"+step)%1000000)
}

func (pr *Progress) hash(s string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], pr.Seed)
	h.Write(b[:])
	h.Write([]byte(s))
	return h.Sum64()
}

func (pr *Progress) stepScore(id string) *StepScore {
	if pr.Score.Steps == nil {
		pr.Score.Steps = map[string]*StepScore{}
	}
	s := pr.Score.Steps[id]
	if s == nil {
		s = &StepScore{}
		pr.Score.Steps[id] = s
	}
	return s
}

// ErrProgress is returned when an action does not fit the progress; Code is
// one of the practice.* codes.
type ErrProgress struct{ Code string }

func (e *ErrProgress) Error() string { return "practice: " + e.Code + ": " + Message(e.Code).EN }

func errCode(code string) error { return &ErrProgress{Code: code} }

// CodeOf returns the code of an *ErrProgress, or "".
func CodeOf(err error) string {
	var e *ErrProgress
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Start begins a practice of p at now. seed makes the simulated codes (give
// it random bits); sample records that the citizen practises with the
// persona's data.
func (p *Pack) Start(now time.Time, seed uint64, sample bool) *Progress {
	pr := &Progress{Pack: p.ID, Version: p.Version, Seed: seed, Sample: sample,
		Personal: Personal{Answers: map[string]any{}}}
	pr.Score.Started = now
	pr.Score.Entered = now
	if len(p.Steps) > 0 {
		pr.Step = p.Steps[0].ID
	}
	return pr
}

// check makes sure pr belongs to p and points at a step.
func (p *Pack) check(pr *Progress) (*Step, error) {
	if pr == nil || pr.Pack != p.ID || pr.Version != p.Version {
		return nil, errCode(CodeCorruptProgress)
	}
	st := p.Step(pr.Step)
	if st == nil {
		return nil, errCode(CodeCorruptProgress)
	}
	if pr.Personal.Answers == nil {
		pr.Personal.Answers = map[string]any{}
	}
	return st, nil
}

// env is the answers as conditions see them: every top-level field with its
// answer, or the zero value of its type.
func (p *Pack) env(answers map[string]any) map[string]any {
	env := make(map[string]any, len(p.fieldIdx))
	for id, ref := range p.fieldIdx {
		z := zeroOf(&p.Steps[ref.step].Fields[ref.field])
		if v, ok := answers[id]; ok && sameShape(v, z) {
			env[id] = v
		} else {
			env[id] = z
		}
	}
	return env
}

func (p *Pack) shows(cond string, env map[string]any) bool {
	if cond == "" {
		return true
	}
	c := p.conds[cond]
	return c != nil && c.eval(env)
}

// stepShown reports whether step i shows with these answers.
func (p *Pack) stepShown(i int, env map[string]any) bool {
	return p.shows(p.Steps[i].ShowIf, env)
}

// Submit checks the answers given for the current step (field id → JSON
// value) at now. With no errors it stores them and moves on; with errors it
// stores nothing, counts the mistake and returns the errors. It never
// panics, whatever in holds.
func (p *Pack) Submit(pr *Progress, in map[string]any, now time.Time) ([]FieldError, error) {
	st, err := p.check(pr)
	if err != nil {
		return nil, err
	}
	if st.Kind == KindFinish {
		return nil, errCode(CodePracticeFinished)
	}
	errs, values := p.validateStep(pr, st, in, now)
	sc := pr.stepScore(st.ID)
	sc.Tries++
	if len(errs) > 0 {
		sc.Mistakes++
		if sc.Codes == nil {
			sc.Codes = map[string]int{}
		}
		if sc.Fails == nil {
			sc.Fails = map[string]int{}
		}
		failed := map[string]bool{}
		for _, e := range errs {
			sc.Codes[e.Code]++
			top := topField(e.Field)
			if !failed[top] {
				failed[top] = true
				sc.Fails[top]++
			}
		}
		return errs, nil
	}
	for id, v := range values {
		if f := fieldByID(st.Fields, id); f != nil && f.passcodeCheck {
			continue // a check, not an answer: the passcode is never kept
		}
		if v == nil {
			delete(pr.Personal.Answers, id)
		} else {
			pr.Personal.Answers[id] = v
		}
	}
	if st.Kind == KindSubmit && pr.Personal.Receipt == "" {
		pr.Personal.Receipt = pr.receipt(now)
		if st.WorkingDays > 0 {
			pr.Personal.Appointment = AddWorkingDays(vnformat.DateOf(now), st.WorkingDays, nil).String()
		}
	}
	p.advance(pr, st, now)
	if st.Kind == KindQuiz && pr.Step != st.ID {
		pr.Feedback = st.ID
	}
	return nil, nil
}

// validateStep checks in against step st; values are the answers to store
// (nil for a hidden field, whose old answer is dropped).
func (p *Pack) validateStep(pr *Progress, st *Step, in map[string]any, now time.Time) ([]FieldError, map[string]any) {
	c := &checker{pack: p, prog: pr, today: vnformat.DateOf(now)}
	for k := range in {
		if fieldByID(st.Fields, k) == nil {
			c.errs = append(c.errs, FieldError{Field: k, Code: CodeUnknownField, Message: Message(CodeUnknownField)})
		}
	}
	if len(c.errs) > 0 {
		return c.errs, nil
	}
	// The answers as they would be with this step's input, for conditions
	// and cross-field rules.
	merged := make(map[string]any, len(pr.Personal.Answers)+len(st.Fields))
	for k, v := range pr.Personal.Answers {
		merged[k] = v
	}
	values := make(map[string]any, len(st.Fields))
	for i := range st.Fields {
		f := &st.Fields[i]
		v, ok := normalize(f, in[f.ID])
		if !ok {
			c.errs = append(c.errs, FieldError{Field: f.ID, Code: CodeWrongType, Message: Message(CodeWrongType)})
			continue
		}
		merged[f.ID] = v
		values[f.ID] = v
	}
	if len(c.errs) > 0 {
		return c.errs, nil
	}
	c.answers = merged
	env := p.env(merged)
	for i := range st.Fields {
		f := &st.Fields[i]
		if !p.fieldShown(st, f, env, merged) {
			values[f.ID] = nil
			continue
		}
		values[f.ID] = c.check(f.ID, f, values[f.ID], nil)
		merged[f.ID] = values[f.ID]
	}
	return c.errs, values
}

func topField(path string) string {
	for i := 0; i < len(path); i++ {
		if path[i] == '.' {
			return path[:i]
		}
	}
	return path
}

func (pr *Progress) receipt(now time.Time) string {
	return fmt.Sprintf("LT-%s-%04d", now.Format("060102"), pr.hash("receipt")%10000)
}

// advance moves from st to the next step that shows. While changing an
// answer from a review page it goes back to the review page, unless a step
// between needs answers (one the change revealed).
func (p *Pack) advance(pr *Progress, st *Step, now time.Time) {
	env := p.env(pr.Personal.Answers)
	from := p.stepIdx[st.ID]
	next := -1
	for i := from + 1; i < len(p.Steps); i++ {
		if !p.stepShown(i, env) {
			continue
		}
		if pr.Review != "" && i < p.stepIdx[pr.Review] && p.complete(pr, i, now) {
			continue
		}
		next = i
		break
	}
	if next < 0 {
		return // no step after: the pack loader makes sure a finish step ends every pack
	}
	p.leave(pr, now)
	switch {
	case p.Steps[next].Kind == KindReview:
		// Arriving at a review page, from the step before it or from a
		// change: "back" walks the shown steps before it.
		pr.Review = ""
		pr.History = p.shownBefore(next, env)
	case pr.Review == "":
		pr.History = append(pr.History, st.ID)
	}
	if st.Kind == KindSubmit {
		pr.History = nil // nothing before a submitted application can change
		pr.Review = ""
	}
	pr.Step = p.Steps[next].ID
	if p.Steps[next].Kind == KindFinish {
		pr.History = nil
		pr.Score.Finished = now
	}
}

// shownBefore lists the ids of the steps before step i that show.
func (p *Pack) shownBefore(i int, env map[string]any) []string {
	var out []string
	for j := 0; j < i; j++ {
		if p.stepShown(j, env) {
			out = append(out, p.Steps[j].ID)
		}
	}
	return out
}

// complete reports whether step i's shown fields all pass with the stored
// answers (so a return to the review page may skip it).
func (p *Pack) complete(pr *Progress, i int, now time.Time) bool {
	st := &p.Steps[i]
	switch st.Kind {
	case KindInfo, KindLogin, KindOTP, KindFind, KindUpload, KindPassword, KindNotice:
		if len(st.Fields) == 0 {
			return true
		}
	case KindPasscodeCheck:
		return true // asked again would be asked for nothing: the passcode is not kept
	case KindReview, KindSubmit, KindTrack, KindFinish:
		return false
	}
	in := map[string]any{}
	for _, f := range st.Fields {
		if v, ok := pr.Personal.Answers[f.ID]; ok {
			in[f.ID] = v
		}
	}
	saved := pr.Step
	pr.Step = st.ID // OTP checks are per step
	errs, _ := p.validateStep(pr, st, in, now)
	pr.Step = saved
	return len(errs) == 0
}

// fieldShown reports whether field f of step st shows with these answers:
// its show_if holds and, on a payment step with nothing to pay, it is not
// the choice of how to pay.
func (p *Pack) fieldShown(st *Step, f *Field, env, answers map[string]any) bool {
	if !p.shows(f.ShowIf, env) {
		return false
	}
	if st.Payment != nil && st.Payment.methodField == f.ID && p.fee(st.Payment, answers).Total == 0 {
		return false
	}
	return true
}

// leave adds the time spent on the current step to its score.
func (p *Pack) leave(pr *Progress, now time.Time) {
	pr.Feedback = ""
	if d := now.Sub(pr.Score.Entered); d > 0 {
		pr.stepScore(pr.Step).Seconds += int64(d / time.Second)
	}
	pr.Score.Entered = now
}

// Back returns to the previous step (or, while changing an answer from the
// review page, to the review page). Nothing typed on the current page is
// kept, as on the real portals.
func (p *Pack) Back(pr *Progress, now time.Time) error {
	st, err := p.check(pr)
	if err != nil {
		return err
	}
	if pr.Review != "" {
		p.leave(pr, now)
		pr.Step, pr.Review = pr.Review, ""
		return nil
	}
	if len(pr.History) == 0 || st.Kind == KindFinish {
		return errCode(CodeCannotGoBack)
	}
	prev := pr.History[len(pr.History)-1]
	if p.Step(prev) == nil {
		return errCode(CodeCorruptProgress)
	}
	p.leave(pr, now)
	pr.History = pr.History[:len(pr.History)-1]
	pr.Step = prev
	return nil
}

// GoTo jumps from a review page to an earlier step to change it ("Sửa");
// submitting that step comes back to the review page.
func (p *Pack) GoTo(pr *Progress, stepID string, now time.Time) error {
	st, err := p.check(pr)
	if err != nil {
		return err
	}
	if st.Kind != KindReview {
		return errCode(CodeNotFromReview)
	}
	target := p.Step(stepID)
	if target == nil {
		return errCode(CodeUnknownStep)
	}
	if !reviewable(target.Kind) {
		return errCode(CodeNotChangeable)
	}
	if !contains(pr.History, stepID) || p.stepIdx[stepID] >= p.stepIdx[st.ID] {
		return errCode(CodeStepNotVisited)
	}
	p.leave(pr, now)
	pr.Review = st.ID
	pr.Step = stepID
	return nil
}

// Help records that the citizen opened a field's hint ("hint") or its
// example ("example") on the current step.
func (p *Pack) Help(pr *Progress, field, kind string) error {
	st, err := p.check(pr)
	if err != nil {
		return err
	}
	if fieldByID(st.Fields, field) == nil && !(field == "" && kind == "hint") {
		return errCode(CodeUnknownHelpTarget)
	}
	sc := pr.stepScore(st.ID)
	switch kind {
	case "hint":
		sc.Hints++
	case "example":
		sc.Examples++
	default:
		return errCode(CodeUnknownHelpTarget)
	}
	return nil
}

// Visible returns the ids of the current step's fields that show when the
// step's answers so far are draft (the page asks again whenever an answer a
// condition reads changes).
func (p *Pack) Visible(pr *Progress, draft map[string]any) ([]string, error) {
	st, err := p.check(pr)
	if err != nil {
		return nil, err
	}
	merged := make(map[string]any, len(pr.Personal.Answers)+len(draft))
	for k, v := range pr.Personal.Answers {
		merged[k] = v
	}
	for i := range st.Fields {
		f := &st.Fields[i]
		if raw, ok := draft[f.ID]; ok {
			if v, ok := normalize(f, raw); ok {
				merged[f.ID] = v
			}
		}
	}
	env := p.env(merged)
	out := []string{}
	for i := range st.Fields {
		f := &st.Fields[i]
		if p.fieldShown(st, f, env, merged) {
			out = append(out, f.ID)
		}
	}
	return out, nil
}
