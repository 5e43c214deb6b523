package practice

import (
	"strings"
	"testing"
	"time"
)

// Content checks of the sample packs (issue 13): what a citizen will meet on
// the real service must be what the practice shows.

// The linked birth registration covers children under 6: a child born five
// months ago (past the 60 days of the Law on Civil Status) is accepted, and a
// child of 6 is not.
func TestBirthRegistrationAcceptsAChildOfFiveMonths(t *testing.T) {
	for _, day := range []time.Time{today, time.Date(2027, 3, 31, 10, 0, 0, 0, time.UTC)} {
		p := sampleLibrary(t).Pack("khai-sinh", 0)
		p.Persona.Answers["ngay_sinh_tre"] = day.AddDate(0, -5, 0).Format("02/01/2006")
		pr, err := p.Walk(day, 7)
		if err != nil || !pr.Finished() {
			t.Fatalf("%s: a child born 5 months ago must be accepted: %v", day.Format("2006-01-02"), err)
		}

		p.Persona.Answers["ngay_sinh_tre"] = day.AddDate(-6, 0, -1).Format("02/01/2006")
		if _, err := p.Walk(day, 7); err == nil || !strings.Contains(err.Error(), "date.too_long_ago") {
			t.Fatalf("a child of 6 is outside the linked procedure: %v", err)
		}
	}
}

// Since 1/3/2025 the provincial police issue judicial record certificates:
// the search result and the tracked status name Công an tỉnh, not Sở Tư pháp.
func TestJudicialRecordNamesTheProvincialPolice(t *testing.T) {
	p := sampleLibrary(t).Pack("ly-lich-tu-phap", 0)
	var result, status string
	for _, st := range p.Steps {
		for _, f := range st.Fields {
			for _, o := range f.Options {
				if f.Type == TypeSearch && o.Correct {
					result = o.Detail.VI
				}
			}
		}
		if st.Kind == KindTrack {
			status = st.Status.VI
		}
	}
	if !strings.Contains(result, "Công an tỉnh") || strings.Contains(result, "Sở Tư pháp") {
		t.Errorf("the search result must name Công an tỉnh: %q", result)
	}
	if strings.Contains(status, "Sở Tư pháp") {
		t.Errorf("the status names the old agency: %q", status)
	}
	pr, err := p.Walk(today, 3)
	if err != nil {
		t.Fatal(err)
	}
	v, err := p.View(pr, today)
	if err != nil || v.Step.Status == nil || !strings.Contains(v.Step.Status.VI, "Công an tỉnh") {
		t.Fatalf("the summary's status must name Công an tỉnh: %+v %v", v.Step.Status, err)
	}
}

// The summary names each skill's group with the framework's own number.
func TestSummaryNamesTheFrameworkGroup(t *testing.T) {
	p := sampleLibrary(t).Pack("kich-hoat-vneid", 0)
	pr, err := p.Walk(today, 1)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Summary(pr, today)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{}
	for _, sk := range s.Skills {
		groups[sk.ID] = sk.Group + " " + sk.Area.VI
	}
	if groups["bao-ve-mat-khau"] != "4 An toàn trong môi trường số" || groups["cham-man-hinh"] != "0 Sử dụng thiết bị và phần mềm trên thiết bị" {
		t.Fatalf("got %v", groups)
	}
	if !strings.Contains(s.SkillsFrame, "757/QĐ-BKHCN") || !strings.Contains(s.SkillsFrame, "người dân") {
		t.Fatalf("framework: %q", s.SkillsFrame)
	}
}
