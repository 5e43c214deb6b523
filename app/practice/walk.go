package practice

import (
	"fmt"
	"strings"
	"time"

	"tramhocso/app/vnformat"
)

// personaAnswer is the persona's answer to f as of today (relative dates
// resolved), or nil when the persona has none.
func (p *Pack) personaAnswer(f *Field, today vnformat.Date) any {
	v, ok := p.Persona.Answers[f.ID]
	if !ok {
		return nil
	}
	return resolveValue(f, v, today)
}

func resolveValue(f *Field, v any, today vnformat.Date) any {
	switch f.Type {
	case TypeDate:
		if s, ok := v.(string); ok {
			return resolveDate(s, today)
		}
	case TypeRepeat:
		rows, ok := v.([]any)
		if !ok {
			return v
		}
		out := make([]any, len(rows))
		for i, r := range rows {
			m, ok := r.(map[string]any)
			if !ok {
				out[i] = r
				continue
			}
			nr := make(map[string]any, len(m))
			for k, x := range m {
				if col := fieldByID(f.Fields, k); col != nil {
					nr[k] = resolveValue(col, x, today)
				} else {
					nr[k] = x
				}
			}
			out[i] = nr
		}
		return out
	}
	return v
}

// PersonaInput is what the persona would type on the current step of pr:
// its answers, plus the codes the screen shows (OTP, receipt) and the right
// choice where the persona names none. Tests and "walk" use it.
func (p *Pack) PersonaInput(pr *Progress, now time.Time) map[string]any {
	st := p.Step(pr.Step)
	if st == nil {
		return nil
	}
	today := vnformat.DateOf(now)
	in := map[string]any{}
	for i := range st.Fields {
		f := &st.Fields[i]
		if f.passcodeCheck {
			in[f.ID] = p.Persona.Passcode
			continue
		}
		if v := p.personaAnswer(f, today); v != nil {
			in[f.ID] = v
			continue
		}
		if st.Payment != nil && st.Payment.methodField == f.ID && len(f.Options) > 0 {
			in[f.ID] = f.Options[0].Value // any way of paying does
			continue
		}
		switch f.Type {
		case TypeOTP:
			in[f.ID] = pr.OTP(st.ID)
		case TypeReceipt:
			in[f.ID] = pr.Personal.Receipt
		case TypeSearch, TypeUpload, TypeCards:
			for _, o := range f.Options {
				if o.Correct {
					in[f.ID] = o.Value
					break
				}
			}
		}
	}
	return in
}

// Walk runs the whole practice with the persona's answers as of now and
// returns the finished progress, or an error naming the first step whose
// fields the persona's answers fail (with the error codes).
func (p *Pack) Walk(now time.Time, seed uint64) (*Progress, error) {
	pr := p.Start(now, seed, true)
	for range 2*len(p.Steps) + 1 {
		st := p.Step(pr.Step)
		if st == nil {
			return pr, fmt.Errorf("lost the current step %q", pr.Step)
		}
		if st.Kind == KindFinish {
			return pr, nil
		}
		errs, err := p.Submit(pr, p.PersonaInput(pr, now), now)
		if err != nil {
			return pr, fmt.Errorf("step %q: %w", st.ID, err)
		}
		if len(errs) > 0 {
			var parts []string
			for _, e := range errs {
				parts = append(parts, e.Field+": "+e.Code)
			}
			return pr, fmt.Errorf("the persona's answers fail step %q: %s", st.ID, strings.Join(parts, ", "))
		}
	}
	return pr, fmt.Errorf("the persona never reached the finish step")
}
