package practice

import (
	"strings"
	"time"

	"tramhocso/app/vnformat"
)

// Placeholders later texts may hold: the receipt code, the appointment day
// and the agency chosen on an agency field.
const (
	PhReceipt     = "{receipt}"
	PhAppointment = "{appointment}"
	PhAgency      = "{agency}"
)

// agencyName is the agency an answer names, from the field's agency_name
// ({province}, {commune}), or a plain default.
func agencyName(f *Field, answer any) Text {
	m, _ := answer.(map[string]any)
	prov, _ := m["province"].(string)
	commune, _ := m["commune"].(string)
	tpl := f.AgencyName
	if tpl.VI == "" {
		if f.Level == LevelProvince {
			tpl = Text{VI: "{province}", EN: "{province}"}
		} else {
			tpl = Text{VI: "UBND {commune}, {province}", EN: "People's Committee of {commune}, {province}"}
		}
	}
	r := strings.NewReplacer("{province}", prov, "{commune}", commune)
	return Text{VI: r.Replace(tpl.VI), EN: r.Replace(tpl.EN)}
}

// chosenAgency is the agency of the first agency field (in step order) that
// has an answer, or nil.
func (p *Pack) chosenAgency(answers map[string]any) *Text {
	for i := range p.Steps {
		for j := range p.Steps[i].Fields {
			f := &p.Steps[i].Fields[j]
			if f.Type != TypeAgency {
				continue
			}
			if a, ok := answers[f.ID].(map[string]any); ok && a["province"] != "" {
				t := agencyName(f, a)
				return &t
			}
		}
	}
	return nil
}

// appointment is the day the result is due: the one set at submission, or,
// before it, the day a submission now would give ("" when no submit step
// counts working days).
func (p *Pack) appointment(pr *Progress, now time.Time) string {
	if pr.Personal.Appointment != "" {
		return pr.Personal.Appointment
	}
	if pr.Personal.Receipt != "" {
		return ""
	}
	for _, st := range p.Steps {
		if st.Kind == KindSubmit && st.WorkingDays > 0 {
			return AddWorkingDays(vnformat.DateOf(now), st.WorkingDays, nil).String()
		}
	}
	return ""
}

// fill replaces the placeholders in t with what pr knows; one it does not
// know yet is left out ("").
func (p *Pack) fill(t Text, pr *Progress, now time.Time) Text {
	if !strings.Contains(t.VI+t.EN, "{") {
		return t
	}
	agVI, agEN := "", ""
	if a := p.chosenAgency(pr.Personal.Answers); a != nil {
		agVI, agEN = a.VI, a.EN
	}
	appt := p.appointment(pr, now)
	vi := strings.NewReplacer(PhReceipt, pr.Personal.Receipt, PhAppointment, appt, PhAgency, agVI)
	en := strings.NewReplacer(PhReceipt, pr.Personal.Receipt, PhAppointment, appt, PhAgency, agEN)
	return Text{VI: vi.Replace(t.VI), EN: en.Replace(t.EN)}
}
