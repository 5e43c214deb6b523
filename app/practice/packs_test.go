package practice

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
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

// Every step kind and field type the engine offers is used by some sample
// pack, so the sample packs (and the walks over them) exercise all of them.
func TestSamplePacksUseEveryKind(t *testing.T) {
	lib := sampleLibrary(t)
	kinds, types := map[string]bool{}, map[string]bool{}
	for _, p := range lib.Packs {
		for _, st := range p.Steps {
			kinds[st.Kind] = true
			for _, f := range st.Fields {
				types[f.Type] = true
				if f.Type == TypeCards && f.Multiple {
					types["cards (multiple)"] = true
				}
			}
		}
	}
	for _, k := range []string{KindInfo, KindLogin, KindFind, KindForm, KindOTP, KindPassword, KindUpload, KindReview,
		KindSubmit, KindTrack, KindFinish, KindAgency, KindPasscodeCheck, KindPayment, KindNotice, KindQuiz} {
		if !kinds[k] {
			t.Errorf("no sample pack has a %s step", k)
		}
	}
	for _, ty := range []string{TypeAgency, TypeCards, "cards (multiple)", TypeAddress, TypeRepeat, TypeCCCD, TypePhone, TypeEmail} {
		if !types[ty] {
			t.Errorf("no sample pack has a %s field", ty)
		}
	}
}

// A married person is not offered "để kết hôn", and the spouse's details
// follow the status.
func TestMaritalStatusFollowsTheStatus(t *testing.T) {
	p := sampleLibrary(t).Pack("xac-nhan-hon-nhan", 0)
	pr := goToStep(t, p, "tinh-trang")
	in := p.PersonaInput(pr, today)
	in["tinh_trang"] = "dang-co-vo-chong"
	if errs, err := p.Submit(pr, in, today); err != nil || len(errs) != 0 {
		t.Fatal(err, errs)
	}
	if pr.Step != "vo-chong" {
		t.Fatalf("married: the spouse's details come next, at %s", pr.Step)
	}
	if errs, err := p.Submit(pr, map[string]any{"ho_ten_vo_chong": "LÊ VĂN TÚ", "noi_dang_ky_ket_hon": "UBND phường Ngọc Hà"}, today); err != nil || len(errs) != 0 {
		t.Fatal(err, errs)
	}
	v, err := p.View(pr, today)
	if err != nil || pr.Step != "muc-dich" {
		t.Fatalf("at %s: %v", pr.Step, err)
	}
	for _, f := range v.Step.Fields {
		if f.ID == "muc_dich" && f.Visible {
			t.Fatal(`a married person must not be offered "để kết hôn"`)
		}
		if f.ID == "muc_dich_khac" && !f.Visible {
			t.Fatal("a married person says what the certificate is for")
		}
	}
}

// The safety practice: a wrong choice is refused with its own explanation,
// and the right one brings the next page with the why.
func TestScamQuizExplainsEachChoice(t *testing.T) {
	p := sampleLibrary(t).Pack("nhan-biet-lua-dao", 0)
	pr := goToStep(t, p, "cuoc-goi-cong-an")
	errs, err := p.Submit(pr, map[string]any{"cuoc_goi_cong_an": "doc-ma"}, today)
	if err != nil || len(errs) != 1 || errs[0].Code != "quiz.wrong" || !strings.Contains(errs[0].Message.VI, "không bao giờ hỏi mã OTP") {
		t.Fatalf("reading the OTP to a caller must be refused with the why: %v %+v", err, errs)
	}
	if errs, err := p.Submit(pr, map[string]any{"cuoc_goi_cong_an": "cup-may"}, today); err != nil || len(errs) != 0 {
		t.Fatal(err, errs)
	}
	v, err := p.View(pr, today)
	if err != nil || v.Step.Feedback == nil || !strings.Contains(v.Step.Feedback.VI, "Cúp máy") {
		t.Fatalf("the next page says why hanging up was right: %+v %v", v.Step.Feedback, err)
	}
}

// The linked birth registration's review shows its three declarations apart
// and in order: birth, residence (CT01), health insurance.
func TestBirthReviewShowsThreeDeclarations(t *testing.T) {
	p := sampleLibrary(t).Pack("khai-sinh", 0)
	pr := goToStep(t, p, "kiem-tra")
	v, err := p.View(pr, today)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, g := range v.Step.Review {
		for _, d := range []string{"Tờ khai khai sinh", "Tờ khai thay đổi thông tin cư trú (CT01)", "Tờ khai tham gia bảo hiểm y tế"} {
			if strings.HasPrefix(g.Title.VI, d) && (len(order) == 0 || order[len(order)-1] != d) {
				order = append(order, d)
			}
		}
	}
	if strings.Join(order, " | ") != "Tờ khai khai sinh | Tờ khai thay đổi thông tin cư trú (CT01) | Tờ khai tham gia bảo hiểm y tế" {
		t.Fatalf("the declarations on the review, in order: %q", order)
	}
}

// A skills file's group numbers are the framework's: digits, one per area.
func TestSkillGroupsAreChecked(t *testing.T) {
	base := "framework: F\nareas:\n  - {id: a, group: \"4\", title: {vi: A, en: A}}\n  - {id: b, group: %s, title: {vi: B, en: B}}\nskills:\n  - {id: s, area: a, title: {vi: S, en: S}}\n"
	for group, want := range map[string]string{`"x"`: "is not a group number", `"4"`: `group "4" is also area "a"`, `"5"`: ""} {
		fsys := fstest.MapFS{"skills.yaml": {Data: []byte(fmt.Sprintf(base, group))}}
		_, err := LoadSkills(fsys, "skills.yaml")
		if want == "" && err != nil || want != "" && (err == nil || !strings.Contains(err.Error(), want)) {
			t.Errorf("group %s: got %v, want %q", group, err, want)
		}
	}
}
