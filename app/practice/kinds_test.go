package practice

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"tramhocso/app/vnformat"
)

// kindsFS is the step-kinds test pack (testdata/kinds-config) with the
// sample kiosk-config's places.
func kindsFS(t testing.TB, pack string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, from := range map[string]string{
		"skills.yaml":                       "testdata/kinds-config/skills.yaml",
		"places/provinces.csv":              "../../kiosk-config/places/provinces.csv",
		"places/communes-ha-noi.sample.csv": "../../kiosk-config/places/communes-ha-noi.sample.csv",
	} {
		data, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	fsys["practice/buoc-moi.yaml"] = &fstest.MapFile{Data: []byte(pack)}
	return fsys
}

func kindsPackText(t testing.TB) string {
	t.Helper()
	data, err := os.ReadFile("testdata/kinds-config/practice/buoc-moi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func loadKinds(t testing.TB) *Pack {
	t.Helper()
	lib, err := LoadLibrary(kindsFS(t, kindsPackText(t)), "practice", LoadOptions{Now: today})
	if err != nil {
		t.Fatalf("the step-kinds test pack must load and walk:\n%v", err)
	}
	return lib.Pack("buoc-moi", 0)
}

// Every new step kind and field type, right and wrong.
func TestNewKindsFieldRules(t *testing.T) {
	p := loadKinds(t)
	pc := PasscodeFieldPrefix + "ma-bao-ve"
	hn := func(commune string) map[string]any {
		return map[string]any{"province": "Hà Nội", "commune": commune}
	}
	tests := []struct {
		step, field string
		value       any
		want        []string
	}{
		{"ma-bao-ve", pc, "135792", nil},
		{"ma-bao-ve", pc, "135 792", nil},
		{"ma-bao-ve", pc, "13579", []string{pc + "=passcode.length"}},
		{"ma-bao-ve", pc, "246810", []string{pc + "=passcode.wrong"}},
		{"ma-bao-ve", pc, "", []string{pc + "=field.required"}},
		{"ma-bao-ve", pc, 135792, []string{pc + "=answer.wrong_type"}},
		{"co-quan", "co_quan", hn("Phường Ba Đình"), nil},
		{"co-quan", "co_quan", map[string]any{"province": "Huế", "commune": "Phường Thuận Hóa"}, nil}, // no list for Huế: typed
		{"co-quan", "co_quan", map[string]any{"province": "Sài Gòn", "commune": "Phường 1"}, []string{"co_quan.province=address.province_unknown"}},
		{"co-quan", "co_quan", hn(""), []string{"co_quan.commune=address.commune_required"}},
		{"co-quan", "co_quan", hn("Quận Ba Đình"), []string{"co_quan.commune=address.commune_unknown"}}, // never a district
		{"co-quan", "co_quan", map[string]any{"province": "Hà Nội", "detail": "x"}, []string{"co_quan=answer.wrong_type"}},
		{"co-quan", "co_quan", nil, []string{"co_quan=field.required"}},
		{"khai-cho-ai", "nguoi_khai", "khai-ho", nil},
		{"khai-cho-ai", "nguoi_khai", "ai-do", []string{"nguoi_khai=option.unknown"}},
		{"khai-cho-ai", "nguoi_khai", []any{"ban-than"}, []string{"nguoi_khai=answer.wrong_type"}},
		{"khai-cho-ai", "thu_tuc", []any{"ly-lich", "ban-sao", "khac"}, nil},
		{"khai-cho-ai", "thu_tuc", []any{"ly-lich", "ly-lich"}, []string{"thu_tuc=cards.too_few"}}, // the same card twice is one
		{"khai-cho-ai", "thu_tuc", []any{"ly-lich", "ban-sao", "khac", "xac-nhan-cu-tru"}, []string{"thu_tuc=cards.too_many"}},
		{"khai-cho-ai", "thu_tuc", []any{"ly-lich", "bay"}, []string{"thu_tuc=option.unknown"}},
		{"khai-cho-ai", "thu_tuc", []any{}, []string{"thu_tuc=field.required"}},
		{"khai-cho-ai", "thu_tuc", "ly-lich", []string{"thu_tuc=answer.wrong_type"}},
		{"khai-cho-ai", "thu_tuc", []any{"ly-lich", 2}, []string{"thu_tuc=answer.wrong_type"}},
		{"thanh-toan", "phuong_thuc_tt", "vi-dien-tu", nil},
		{"thanh-toan", "phuong_thuc_tt", "", []string{"phuong_thuc_tt=field.required"}},
		{"thanh-toan", "phuong_thuc_tt", "the-tin-dung", []string{"phuong_thuc_tt=option.unknown"}},
		{"tin-nhan-1", "tin_nhan", "lua-dao", nil},
		{"tin-nhan-1", "tin_nhan", "bam-link", []string{"tin_nhan=quiz.wrong"}},
		{"tin-nhan-1", "tin_nhan", "khac", []string{"tin_nhan=option.unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.step+"/"+tt.field, func(t *testing.T) {
			pr := goToStep(t, p, tt.step)
			errs, err := p.Submit(pr, withAnswer(p, pr, tt.field, tt.value), today)
			if err != nil {
				t.Fatal(err)
			}
			if got := codesOf(errs); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("%v: got %v, want %v", tt.value, got, tt.want)
			}
			if (len(errs) == 0) == (pr.Step == tt.step) {
				t.Fatalf("step after submit: %s", pr.Step)
			}
			for _, e := range errs {
				if e.Message.VI == "" || e.Message.EN == "" {
					t.Errorf("%s has no message", e.Code)
				}
			}
		})
	}
}

func TestPasscodeCheckIsNeverKept(t *testing.T) {
	p := loadKinds(t)
	pr := goToStep(t, p, "ma-bao-ve")
	v, _ := p.View(pr, today)
	if v.Step.Passcode != "135792" || len(v.Step.Fields) != 1 || v.Step.Fields[0].Type != TypePasscode || v.Step.Fields[0].Example != "135792" {
		t.Fatalf("the passcode step shows the practice passcode and one passcode field: %+v", v.Step)
	}
	if errs, _ := p.Submit(pr, p.PersonaInput(pr, today), today); len(errs) != 0 {
		t.Fatal(errs)
	}
	data, _ := json.Marshal(pr)
	if strings.Contains(string(data), "135792") {
		t.Fatalf("the passcode was kept: %s", data)
	}
	first, _ := p.View(p.Start(today, 1, true), today)
	if first.Step.Persona == nil || first.Step.Persona.Passcode != "135792" {
		t.Fatal("the persona card shows the passcode")
	}
}

func TestQuizWrongExplainsAndRightGivesFeedback(t *testing.T) {
	p := loadKinds(t)
	pr := goToStep(t, p, "tin-nhan-1")
	v, _ := p.View(pr, today)
	if v.Step.Scenario == nil || v.Step.Scenario.URL != "http://vneid-capnhat.top" || v.Step.Feedback != nil {
		t.Fatalf("scenario %+v", v.Step)
	}
	raw, _ := json.Marshal(v)
	if strings.Contains(string(raw), "Đúng: đường dẫn lạ") || strings.Contains(string(raw), `"correct"`) {
		t.Fatal("the view must not give the answer away")
	}
	errs, _ := p.Submit(pr, map[string]any{"tin_nhan": "bam-link"}, today)
	if len(errs) != 1 || errs[0].Code != CodeQuizWrong || !strings.HasPrefix(errs[0].Message.VI, "Không an toàn: VNeID") {
		t.Fatalf("a wrong choice explains itself: %+v", errs)
	}
	if errs, _ := p.Submit(pr, map[string]any{"tin_nhan": "lua-dao"}, today); len(errs) != 0 {
		t.Fatal(errs)
	}
	v, _ = p.View(pr, today)
	if v.Step.Kind != KindFinish || v.Step.Feedback == nil || !strings.HasPrefix(v.Step.Feedback.VI, "Đúng: đường dẫn lạ") {
		t.Fatalf("the next view says why it was right: %+v", v.Step.Feedback)
	}
	s, _ := p.Summary(pr, today)
	if s.Mistakes != 1 || len(s.Steps) != 1 || s.Steps[0].Fixed[0].Code != CodeQuizWrong {
		t.Fatalf("the wrong choice counts as a mistake: %+v", s)
	}
}

func TestFeedbackClearsWhenTheStepChanges(t *testing.T) {
	p := loadKinds(t)
	pr := goToStep(t, p, "tin-nhan-1")
	pr.Feedback = "tin-nhan-1"
	p.leave(pr, today)
	if pr.Feedback != "" {
		t.Fatal("feedback belongs to the one view after the quiz")
	}
	pr.Feedback = "gioi-thieu" // not a quiz: nothing shown
	if v, _ := p.View(pr, today); v.Step.Feedback != nil {
		t.Fatal("feedback only from a quiz step")
	}
}

// The fee: items, an exemption by an earlier answer, copies from the 3rd;
// nothing to pay hides the choice of method.
func TestPaymentFee(t *testing.T) {
	p := loadKinds(t)
	tests := []struct {
		group, copies string
		total         int
		text          string
		lines         int
	}{
		{"thuong", "1", 200000, "200.000 đ", 1},
		{"thuong", "2", 200000, "200.000 đ", 1},
		{"thuong", "3", 205000, "205.000 đ", 2},
		{"sinh-vien", "3", 105000, "105.000 đ", 3},
		{"sinh-vien", "5", 115000, "115.000 đ", 3},
		{"nguoi-co-cong", "1", 0, "0 đ", 2},
	}
	for _, tt := range tests {
		t.Run(tt.group+"/"+tt.copies, func(t *testing.T) {
			pr := goToStep(t, p, "khai-cho-ai")
			in := p.PersonaInput(pr, today)
			in["doi_tuong"], in["so_ban"] = tt.group, tt.copies
			if errs, _ := p.Submit(pr, in, today); len(errs) != 0 {
				t.Fatal(errs)
			}
			if errs, _ := p.Submit(pr, nil, today); len(errs) != 0 || pr.Step != "thanh-toan" { // review
				t.Fatal(errs, pr.Step)
			}
			v, _ := p.View(pr, today)
			fee := v.Step.Payment
			if fee == nil || fee.Total != tt.total || fee.TotalText != tt.text || len(fee.Lines) != tt.lines || fee.Free != (tt.total == 0) {
				t.Fatalf("fee %+v", fee)
			}
			if fee.Field != "phuong_thuc_tt" || len(fee.Methods) != 2 || v.Step.Agency == nil || v.Step.Agency.VI != "UBND Phường Ba Đình" {
				t.Fatalf("methods and agency %+v %+v", fee, v.Step.Agency)
			}
			if v.Step.Body.VI != "Lệ phí nộp cho UBND Phường Ba Đình." {
				t.Fatalf("body %q", v.Step.Body.VI)
			}
			if v.Step.Fields[0].Visible == fee.Free {
				t.Fatal("the method is asked only when there is something to pay")
			}
			errs, _ := p.Submit(pr, map[string]any{}, today)
			if fee.Free != (len(errs) == 0) {
				t.Fatalf("with nothing to pay no method is needed, else it is: %v", errs)
			}
		})
	}
}

func TestFormatVND(t *testing.T) {
	for n, want := range map[int]string{0: "0 đ", 5000: "5.000 đ", 200000: "200.000 đ", 1234567: "1.234.567 đ", -100000: "−100.000 đ", 999: "999 đ"} {
		if got := FormatVND(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	d := DateOfForTest
	tests := []struct {
		from     vnformat.Date
		n        int
		holidays []vnformat.Date
		want     vnformat.Date
	}{
		{d(2026, 11, 23), 3, nil, d(2026, 11, 26)},                          // Monday + 3 = Thursday
		{d(2026, 11, 26), 3, nil, d(2026, 12, 1)},                           // Thursday + 3 = Tuesday
		{d(2026, 11, 27), 1, nil, d(2026, 11, 30)},                          // Friday + 1 = Monday
		{d(2026, 11, 28), 1, nil, d(2026, 11, 30)},                          // Saturday + 1 = Monday
		{d(2026, 11, 29), 3, nil, d(2026, 12, 2)},                           // Sunday + 3 = Wednesday
		{d(2026, 12, 31), 1, []vnformat.Date{d(2027, 1, 1)}, d(2027, 1, 4)}, // over New Year's Day
		{d(2026, 11, 23), 0, nil, d(2026, 11, 23)},
		{d(2026, 11, 23), 10, nil, d(2026, 12, 7)},
	}
	for _, tt := range tests {
		if got := AddWorkingDays(tt.from, tt.n, tt.holidays); got != tt.want {
			t.Errorf("%s + %d: %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

// The receipt carries the appointment; the notice, the track status and the
// summary page fill {receipt}, {appointment} and {agency} in.
func TestAppointmentAndPlaceholders(t *testing.T) {
	p := loadKinds(t)
	pr := goToStep(t, p, "nop")
	v, _ := p.View(pr, today)
	if v.Step.Appointment != "26/11/2026" || v.Step.Body.VI != "Ngày hẹn trả kết quả dự kiến: 26/11/2026." {
		t.Fatalf("the submit page says the expected day: %q %q", v.Step.Appointment, v.Step.Body.VI)
	}
	friday := time.Date(2026, 11, 27, 16, 0, 0, 0, today.Location())
	if errs, _ := p.Submit(pr, p.PersonaInput(pr, friday), friday); len(errs) != 0 {
		t.Fatal(errs)
	}
	if pr.Personal.Appointment != "02/12/2026" {
		t.Fatalf("Friday + 3 working days: %s", pr.Personal.Appointment)
	}
	v, _ = p.View(pr, today.AddDate(0, 0, 30)) // the day kept is the one of the submission
	n := v.Step.Notice
	want := "Ho so " + pr.Personal.Receipt + " da duoc UBND Phường Ba Đình tiep nhan. Ngay hen tra ket qua: 02/12/2026."
	if v.Step.Kind != KindNotice || n == nil || n.Channel != "sms" || n.Sender != "DICHVUCONG" || n.Text.VI != want {
		t.Fatalf("notice %+v, want %q", n, want)
	}
	if errs, _ := p.Submit(pr, nil, friday); len(errs) != 0 {
		t.Fatal(errs)
	}
	if errs, _ := p.Submit(pr, p.PersonaInput(pr, friday), friday); len(errs) != 0 {
		t.Fatal(errs)
	}
	if errs, _ := p.Submit(pr, p.PersonaInput(pr, friday), friday); len(errs) != 0 {
		t.Fatal(errs)
	}
	v, _ = p.View(pr, friday)
	if v.Step.Kind != KindFinish || v.Step.Status == nil || v.Step.Status.VI != "Đang xử lý tại UBND Phường Ba Đình. Ngày hẹn trả kết quả: 02/12/2026." {
		t.Fatalf("finish status %+v", v.Step.Status)
	}
}

// The review page lists the agency and the cards by name.
func TestReviewShowsAgencyAndCards(t *testing.T) {
	p := loadKinds(t)
	pr := goToStep(t, p, "kiem-tra")
	v, _ := p.View(pr, today)
	var got []string
	for _, g := range v.Step.Review {
		for _, it := range g.Items {
			got = append(got, it.Field+"="+it.Value.VI)
		}
	}
	want := []string{"co_quan=UBND Phường Ba Đình", "nguoi_khai=Bản thân", "thu_tuc=Cấp phiếu lý lịch tư pháp\nXác nhận thông tin cư trú",
		"doi_tuong=Học sinh, sinh viên", "so_ban=3"}
	if !slices.Equal(got, want) {
		t.Fatalf("review %q", got)
	}
	if err := p.GoTo(pr, "co-quan", today); err != nil {
		t.Fatalf("the agency can be changed from the review page: %v", err)
	}
}

// Conditions read a cards answer: a string, or a list with "in".
func TestConditionsOnCards(t *testing.T) {
	pack := strings.Replace(kindsPackText(t), "      - {id: so_ban, type: number,", "      - {id: so_ban, type: number, show_if: 'nguoi_khai == \"ban-than\" && \"ly-lich\" in thu_tuc',", 1)
	lib, err := LoadLibrary(kindsFS(t, pack), "practice", LoadOptions{Now: today})
	if err != nil {
		t.Fatal(err)
	}
	p := lib.Pack("buoc-moi", 0)
	pr := goToStep(t, p, "khai-cho-ai")
	for _, tt := range []struct {
		who   string
		procs []any
		shown bool
	}{{"ban-than", []any{"ly-lich", "khac"}, true}, {"khai-ho", []any{"ly-lich", "khac"}, false}, {"ban-than", []any{"ban-sao", "khac"}, false}} {
		vis, err := p.Visible(pr, map[string]any{"nguoi_khai": tt.who, "thu_tuc": tt.procs})
		if err != nil || slices.Contains(vis, "so_ban") != tt.shown {
			t.Errorf("%s %v: visible %v %v", tt.who, tt.procs, vis, err)
		}
	}
}

// Nothing personal after the wipe, and nothing personal in the summary:
// the payment method, the passcode and the agency are the citizen's.
func TestNewKindsPrivacy(t *testing.T) {
	p := loadKinds(t)
	pr, err := p.Walk(today, 3)
	if err != nil {
		t.Fatal(err)
	}
	if pr.Personal.Answers["phuong_thuc_tt"] != "ngan-hang" {
		t.Fatal("the method is kept while the practice runs (the review of a real portal shows it)")
	}
	appt := pr.Personal.Appointment
	if appt != "26/11/2026" {
		t.Fatalf("appointment %q", appt)
	}
	s, _ := p.Summary(pr, today)
	pr.WipePersonal()
	data, _ := json.Marshal(pr)
	sum, _ := json.Marshal(s)
	for _, secret := range []string{"135792", "ngan-hang", "Ba Đình", "sinh-vien", appt} {
		if strings.Contains(string(data), secret) || strings.Contains(string(sum), secret) {
			t.Errorf("%q left in %s / %s", secret, data, sum)
		}
	}
}

func TestNewKindsLoadProblems(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"passcode_check without persona passcode", `  passcode: "135792"` + "\n", "", "persona: a passcode_check step asks the persona's passcode"},
		{"persona passcode not 6 digits", `passcode: "135792"`, `passcode: "1357"`, "persona.passcode"},
		{"fields on passcode_check", "    body: {vi: \"VNeID hỏi", "    fields: [{id: x, type: text, label: {vi: a, en: a}}]\n    body: {vi: \"VNeID hỏi", "steps.1"},
		{"agency without level", "        level: commune\n", "", "steps.2.fields.0: missing property 'level'"},
		{"agency level unknown", "level: commune", "level: district", "steps.2.fields.0.level"},
		{"agency step without agency field", "        type: agency\n        level: commune\n        agency_name: {vi: \"UBND {commune}\", en: \"People's Committee of {commune}\"}\n", "        type: text\n", "an agency step needs an agency field"},
		{"cards without options", "        min_choices: 2\n        max_choices: 3\n        required: true\n        label: {vi: \"Chọn các thủ tục làm cùng lúc\", en: \"Choose the procedures to do together\"}\n        options:\n          - {value: ly-lich, label: {vi: \"Cấp phiếu lý lịch tư pháp\", en: \"Judicial record certificate\"}}\n          - {value: xac-nhan-cu-tru, label: {vi: \"Xác nhận thông tin cư trú\", en: \"Residence confirmation\"}}\n          - {value: ban-sao, label: {vi: \"Bản sao trích lục\", en: \"Copy of an extract\"}}\n          - {value: khac, label: {vi: \"Thủ tục khác\", en: \"Another procedure\"}}\n", "        label: {vi: a, en: a}\n", "missing property 'options'"},
		{"cards min over max", "min_choices: 2", "min_choices: 4", "min_choices is more than max_choices"},
		{"cards min over options", "min_choices: 2\n        max_choices: 3", "min_choices: 5", "there are only 4 options"},
		{"min_choices without multiple", "        multiple: true\n", "", "min_choices and max_choices need multiple: true"},
		{"multiple on radio", "      - id: doi_tuong\n        type: radio\n", "      - id: doi_tuong\n        type: radio\n        multiple: true\n", "steps.3.fields.2"},
		{"persona cards list", "thu_tuc: [ly-lich, xac-nhan-cu-tru]", "thu_tuc: ly-lich", "persona.answers.thu_tuc: must be a list of option values"},
		{"persona agency shape", `co_quan: {province: "Hà Nội", commune: "Phường Ba Đình"}`, `co_quan: "Hà Nội"`, "persona.answers.co_quan: must be a mapping"},
		{"quiz two correct", "{value: bam-link, label:", "{value: bam-link, correct: true, label:", "exactly one option marked correct, not 2"},
		{"quiz none correct", "{value: lua-dao, correct: true,", "{value: lua-dao,", "exactly one option marked correct, not 0"},
		{"quiz option without explain", `, explain: {vi: "Không an toàn: VNeID không gửi đường dẫn để cập nhật.", en: "Not safe: VNeID never sends links to update."}}`, "}", "every choice of a quiz needs explain"},
		{"quiz without scenario", "    scenario:\n      channel: sms\n", "    scenario_x:\n      channel: sms\n", "missing property 'scenario'"},
		{"quiz scenario channel", "    scenario:\n      channel: sms", "    scenario:\n      channel: fax", "steps.9.scenario.channel"},
		{"correct outside a quiz", "{value: ban-than, label:", "{value: ban-than, correct: true, label:", "only search, upload and quiz choices have a correct answer"},
		{"explain outside a quiz", "{value: khai-ho, label:", "{value: khai-ho, explain: {vi: a, en: a}, label:", "only the choices of a quiz step have an explanation"},
		{"payment methods differ from the field", "          - {value: vi-dien-tu, label: {vi: \"Ví điện tử (luyện tập)\", en: \"E-wallet (practice)\"}}\n  - id: nop", "          - {value: the, label: {vi: \"Thẻ\", en: \"Card\"}}\n  - id: nop", "no field of the step offers exactly these methods"},
		{"exemption not an option", "- {value: nguoi-co-cong, amount: 0,", "- {value: thuong-binh, amount: 0,", `steps.5.payment.exemptions.1.value: "thuong-binh" is not an option of field "doi_tuong"`},
		{"exemption field unknown", "exemption_field: doi_tuong", "exemption_field: doi_tuong_x", `no field "doi_tuong_x" on a step before this one`},
		{"exemption field multiple", "exemption_field: doi_tuong", "exemption_field: thu_tuc", "an exemption needs one choice"},
		{"per copy not a number", "field: so_ban}", "field: nguoi_khai}", `no number field "nguoi_khai"`},
		{"payment without payment", "    payment:\n      items:", "    payment_x:\n      items:", "missing property 'payment'"},
		{"payment on another step", "  - id: nop\n    kind: submit\n", "  - id: nop\n    kind: submit\n    payment: {items: [{label: {vi: a, en: a}, amount: 1}], methods: [{value: a, label: {vi: a, en: a}}]}\n", "steps.6"},
		{"notice without notice", "    notice:\n      channel: sms", "    notice_x:\n      channel: sms", "missing property 'notice'"},
		{"notice channel", "    notice:\n      channel: sms", "    notice:\n      channel: zalo", "steps.7.notice.channel"},
		{"appointment without working_days", "    working_days: 3\n", "", "{appointment} needs working_days on the submit step"},
		{"working_days elsewhere", "  - id: tra-cuu\n    kind: track\n", "  - id: tra-cuu\n    kind: track\n    working_days: 2\n", "working_days belongs to the submit step"},
		{"receipt before submit", "Lệ phí nộp cho {agency}.", "Lệ phí {receipt}.", "{receipt} is only known after the submit step"},
		{"agency before any agency field", `body: {vi: "Bài thử có mọi loại bước mới."`, `body: {vi: "Bài thử {agency}."`, "{agency} needs an agency field"},
	}
	base := kindsPackText(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("test is stale: %q not in the pack", tt.old)
			}
			_, err := LoadLibrary(kindsFS(t, strings.Replace(base, tt.old, tt.new, 1)), "practice", LoadOptions{Now: today})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got:\n%v\nwant %q", err, tt.want)
			}
		})
	}
}

// The schema and the engine list the same step kinds and field types.
func TestSchemaListsEveryKindAndType(t *testing.T) {
	var sch struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(SchemaJSON, &sch); err != nil {
		t.Fatal(err)
	}
	kinds := sch.Defs["step"].Properties["kind"].Enum
	types := sch.Defs["field"].Properties["type"].Enum
	slices.Sort(kinds)
	slices.Sort(types)
	wantKinds, wantTypes := slices.Clone(StepKinds), slices.Clone(FieldTypes)
	slices.Sort(wantKinds)
	slices.Sort(wantTypes)
	if !slices.Equal(kinds, wantKinds) || !slices.Equal(types, wantTypes) {
		t.Fatalf("schema kinds %v types %v; engine %v %v", kinds, types, wantKinds, wantTypes)
	}
}
