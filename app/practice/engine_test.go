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
)

// testPack is a small pack exercising every field type and rule.
const testPack = `id: thu
version: 3
title: {vi: "Thử", en: "Test"}
summary: {vi: "Thử", en: "Test"}
life_event: {vi: "Thử", en: "Test"}
minutes: 5
skills: [dien-to-khai]
service: {name: {vi: "Cổng", en: "Portal"}, url: "https://example.gov.vn/"}
documents: []
notes: "test pack"
persona:
  name: {vi: "A", en: "A"}
  story: {vi: "A", en: "A"}
  answers:
    ho_ten: "NGUYỄN VĂN AN"
    ngay_sinh: "01/02/1990"
    gioi_tinh: nam
    cccd: "001090012345"
    dien_thoai: "0912345678"
    email: "an@example.com"
    so: "5"
    co_con: true
    ten_con: "NGUYỄN AN"
    dia_chi: {province: "Hà Nội", commune: "Phường Ba Đình", detail: "Số 1"}
    lich_su:
      - {tu: "01/01/2010", den: "today"}
    mk: "Abcdef1!"
    mk2: "Abcdef1!"
    pc: "204816"
    ma_vung: "AB12"
    cam_doan: true
steps:
  - id: dau
    kind: info
    title: {vi: "Đầu", en: "Start"}
  - id: form
    kind: form
    title: {vi: "Mẫu", en: "Form"}
    fields:
      - {id: ho_ten, type: text, required: true, label: {vi: "Họ tên", en: "Name"}, rules: [{kind: upper_vietnamese}]}
      - {id: ngay_sinh, type: date, required: true, label: {vi: "Ngày sinh", en: "Born"}, rules: [{kind: not_future}, {kind: min_age, value: 18}]}
      - id: gioi_tinh
        type: radio
        required: true
        label: {vi: "Giới tính", en: "Sex"}
        options: [{value: nam, label: {vi: "Nam", en: "M"}}, {value: nu, label: {vi: "Nữ", en: "F"}}]
      - {id: cccd, type: cccd, required: true, label: {vi: "CCCD", en: "ID"}, rules: [{kind: cccd_matches, birth_date: ngay_sinh, sex: gioi_tinh}]}
      - {id: dien_thoai, type: phone, required: true, label: {vi: "ĐT", en: "Phone"}}
      - {id: email, type: email, label: {vi: "Email", en: "Email"}}
      - {id: so, type: number, required: true, label: {vi: "Số", en: "Number"}, rules: [{kind: min, value: 1}, {kind: max, value: 9}]}
      - {id: ma_vung, type: text, label: {vi: "Mã", en: "Code"}, rules: [{kind: pattern, pattern: "[A-Z]{2}[0-9]{2}", message: {vi: "Hai chữ hai số", en: "Two letters two digits"}}]}
  - id: con
    kind: form
    title: {vi: "Con", en: "Child"}
    fields:
      - {id: co_con, type: checkbox, label: {vi: "Có con", en: "Has a child"}}
      - {id: ten_con, type: text, required: true, show_if: "co_con", label: {vi: "Tên con", en: "Child"}, rules: [{kind: max_length, value: 20}]}
  - id: noi-o
    kind: form
    title: {vi: "Nơi ở", en: "Home"}
    fields:
      - {id: dia_chi, type: address, required: true, label: {vi: "Địa chỉ", en: "Address"}}
      - id: lich_su
        type: repeat
        required: true
        min_rows: 1
        max_rows: 3
        label: {vi: "Lịch sử", en: "History"}
        fields:
          - {id: tu, type: date, required: true, label: {vi: "Từ", en: "From"}}
          - {id: den, type: date, required: true, label: {vi: "Đến", en: "To"}, rules: [{kind: not_before, field: tu}]}
  - id: mat-khau
    kind: password
    title: {vi: "Mật khẩu", en: "Password"}
    fields:
      - {id: mk, type: password, required: true, label: {vi: "MK", en: "PW"}}
      - {id: mk2, type: password, required: true, label: {vi: "MK lại", en: "PW again"}, rules: [{kind: same_as, field: mk}]}
      - {id: pc, type: passcode, required: true, label: {vi: "Passcode", en: "Passcode"}}
  - id: otp
    kind: otp
    title: {vi: "OTP", en: "OTP"}
    sms: {vi: "Mã {code}", en: "Code {code}"}
    fields:
      - {id: otp, type: otp, required: true, label: {vi: "OTP", en: "OTP"}}
  - id: tim
    kind: find
    title: {vi: "Tìm", en: "Find"}
    fields:
      - id: thu_tuc
        type: search
        required: true
        label: {vi: "Tìm", en: "Find"}
        options: [{value: dung, correct: true, label: {vi: "Đúng", en: "Right"}}, {value: sai, label: {vi: "Sai", en: "Wrong"}}]
  - id: tai
    kind: upload
    title: {vi: "Tải", en: "Upload"}
    fields:
      - id: giay
        type: upload
        required: true
        label: {vi: "Giấy", en: "Paper"}
        options: [{value: a, image: a.svg, correct: true, label: {vi: "A", en: "A"}}, {value: b, image: a.svg, label: {vi: "B", en: "B"}}]
  - id: kiem-tra
    kind: review
    title: {vi: "Kiểm tra", en: "Check"}
  - id: nop
    kind: submit
    title: {vi: "Nộp", en: "Send"}
    fields:
      - {id: cam_doan, type: checkbox, required: true, label: {vi: "Cam đoan", en: "I declare"}}
  - id: tra
    kind: track
    title: {vi: "Tra", en: "Track"}
    status: {vi: "Đang xử lý", en: "In progress"}
    fields:
      - {id: ma, type: receipt, required: true, label: {vi: "Mã", en: "Code"}}
  - id: xong
    kind: finish
    title: {vi: "Xong", en: "Done"}
`

const testSkills = `framework: test
areas: [{id: a, title: {vi: "A", en: "A"}}]
skills: [{id: dien-to-khai, area: a, title: {vi: "Điền", en: "Fill"}}]
`

const testProvinces = "name,kind,merged_from\nHà Nội,thành phố,\nHuế,thành phố,\n"
const testCommunes = "province,commune,kind\nHà Nội,Phường Ba Đình,phường\n"

func testFS(pack string) fstest.MapFS {
	return fstest.MapFS{
		"practice/thu.yaml":                 {Data: []byte(pack)},
		"practice/images/a.svg":             {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		"skills.yaml":                       {Data: []byte(testSkills)},
		"places/provinces.csv":              {Data: []byte(testProvinces)},
		"places/communes-ha-noi.sample.csv": {Data: []byte(testCommunes)},
	}
}

func loadTest(t testing.TB) *Pack {
	t.Helper()
	lib, err := LoadLibrary(testFS(testPack), "practice", LoadOptions{Now: today})
	if err != nil {
		t.Fatalf("test pack must load:\n%v", err)
	}
	return lib.Pack("thu", 3)
}

// goToStep walks the persona up to step id.
func goToStep(t *testing.T, p *Pack, id string) *Progress {
	t.Helper()
	pr := p.Start(today, 7, true)
	for pr.Step != id {
		if errs, err := p.Submit(pr, p.PersonaInput(pr, today), today); err != nil || len(errs) > 0 {
			t.Fatalf("walking to %s: stuck at %s: %v %v", id, pr.Step, err, errs)
		}
	}
	return pr
}

func withAnswer(p *Pack, pr *Progress, field string, v any) map[string]any {
	in := p.PersonaInput(pr, today)
	if v == nil {
		delete(in, field)
	} else {
		in[field] = v
	}
	return in
}

func codesOf(errs []FieldError) []string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Field+"="+e.Code)
	}
	return out
}

// Every field type and rule, right and wrong.
func TestFieldRules(t *testing.T) {
	p := loadTest(t)
	tests := []struct {
		step, field string
		value       any
		want        []string // field=code; nil means no error
	}{
		{"form", "ho_ten", "NGUYỄN VĂN AN", nil},
		{"form", "ho_ten", "Nguyễn Văn An", []string{"ho_ten=name.lower"}},
		{"form", "ho_ten", "NGUYEN VAN 4N", []string{"ho_ten=name.digit"}},
		{"form", "ho_ten", "NGUYỄN  VĂN AN", []string{"ho_ten=name.double_space"}},
		{"form", "ho_ten", "", []string{"ho_ten=field.required"}},
		{"form", "ho_ten", nil, []string{"ho_ten=field.required"}},
		{"form", "ho_ten", 12, []string{"ho_ten=answer.wrong_type"}},
		{"form", "ngay_sinh", "1/2/1990", nil},
		{"form", "ngay_sinh", "1990-02-01", []string{"ngay_sinh=date.format"}},
		{"form", "ngay_sinh", "31/02/1990", []string{"ngay_sinh=date.day_range"}},
		{"form", "ngay_sinh", "01/01/2030", []string{"ngay_sinh=date.future"}},
		{"form", "ngay_sinh", "01/01/2015", []string{"ngay_sinh=date.age_too_young"}},
		{"form", "gioi_tinh", "khac", []string{"gioi_tinh=option.unknown"}},
		{"form", "cccd", "001 090 012 345", nil},
		{"form", "cccd", "00109001234", []string{"cccd=cccd.length"}},
		{"form", "cccd", "0010900123456", []string{"cccd=cccd.length"}},
		{"form", "cccd", "003090012345", []string{"cccd=cccd.province_unknown"}},
		{"form", "cccd", "00109001234A", []string{"cccd=cccd.not_digits"}},
		{"form", "cccd", "001005012345", []string{"cccd=cccd.year_mismatch"}},
		{"form", "cccd", "001091012345", []string{"cccd=cccd.year_mismatch"}},
		{"form", "cccd", "001190012345", []string{"cccd=cccd.sex_mismatch"}},
		{"form", "cccd", "001490012345", []string{"cccd=cccd.birth_future"}},
		{"form", "dien_thoai", "+84 912 345 678", nil},
		{"form", "dien_thoai", "0212345678", []string{"dien_thoai=phone.landline"}},
		{"form", "dien_thoai", "0112345678", []string{"dien_thoai=phone.prefix"}},
		{"form", "dien_thoai", "091234567", []string{"dien_thoai=phone.length"}},
		{"form", "email", "", nil},
		{"form", "email", "an@", []string{"email=email.format"}},
		{"form", "so", "12", []string{"so=number.too_large"}},
		{"form", "so", "0", []string{"so=number.too_small"}},
		{"form", "so", "năm", []string{"so=number.not_number"}},
		{"form", "ma_vung", "ab12", []string{"ma_vung=text.pattern"}},
		{"con", "ten_con", nil, []string{"ten_con=field.required"}},
		{"con", "ten_con", strings.Repeat("A", 21), []string{"ten_con=text.too_long"}},
		{"con", "co_con", "yes", []string{"co_con=answer.wrong_type"}},
		{"noi-o", "dia_chi", map[string]any{"province": "Huế", "commune": "Phường Thuận Hóa", "detail": "1"}, nil},
		{"noi-o", "dia_chi", map[string]any{"province": "Sài Gòn", "commune": "x", "detail": "1"}, []string{"dia_chi.province=address.province_unknown"}},
		{"noi-o", "dia_chi", map[string]any{"province": "Hà Nội", "commune": "Phường Nhầm", "detail": "1"}, []string{"dia_chi.commune=address.commune_unknown"}},
		{"noi-o", "dia_chi", map[string]any{"province": "Hà Nội", "commune": "", "detail": ""}, []string{"dia_chi.commune=address.commune_required", "dia_chi.detail=address.detail_required"}},
		{"noi-o", "dia_chi", map[string]any{"province": "Hà Nội", "x": "y"}, []string{"dia_chi=answer.wrong_type"}},
		{"noi-o", "lich_su", []any{}, []string{"lich_su=field.required"}},
		{"noi-o", "lich_su", []any{map[string]any{"tu": "01/01/2010", "den": "01/01/2009"}}, []string{"lich_su.0.den=date.before_other"}},
		{"noi-o", "lich_su", []any{map[string]any{"tu": "01/01/2010"}}, []string{"lich_su.0.den=field.required"}},
		{"noi-o", "lich_su", []any{map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}}, []string{"lich_su=repeat.too_many"}},
		{"noi-o", "lich_su", []any{"row"}, []string{"lich_su=answer.wrong_type"}},
		{"mat-khau", "mk", "abc", []string{"mk=password.too_short"}},
		{"mat-khau", "mk2", "Abcdef1?", []string{"mk2=match.different"}},
		{"mat-khau", "pc", "123456", []string{"pc=passcode.sequence"}},
		{"mat-khau", "pc", "12345", []string{"pc=passcode.length"}},
		{"otp", "otp", "12345", []string{"otp=otp.length"}},
		{"tim", "thu_tuc", "sai", []string{"thu_tuc=search.wrong_result"}},
		{"tim", "thu_tuc", "khong-co", []string{"thu_tuc=option.unknown"}},
		{"tai", "giay", "b", []string{"giay=upload.wrong_document"}},
		{"nop", "cam_doan", false, []string{"cam_doan=field.must_check"}},
		{"tra", "ma", "LT-000000-0000", []string{"ma=receipt.wrong"}},
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

func TestCCCDCenturyMismatch(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "form")
	in := p.PersonaInput(pr, today)
	in["ngay_sinh"], in["cccd"] = "01/02/2005", "001005012345" // digit 0 means the 1900s
	errs, _ := p.Submit(pr, in, today)
	if got := codesOf(errs); !slices.Equal(got, []string{"cccd=cccd.century_mismatch"}) {
		t.Fatalf("got %v", got)
	}
}

func TestOTPWrongAndRight(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "otp")
	v, _ := p.View(pr, today)
	if v.Step.SMS == nil || !strings.Contains(v.Step.SMS.VI, pr.OTP("otp")) {
		t.Fatalf("the SMS must show the code: %+v", v.Step.SMS)
	}
	wrong := "000000"
	if pr.OTP("otp") == wrong {
		wrong = "111111"
	}
	errs, _ := p.Submit(pr, map[string]any{"otp": wrong}, today)
	if got := codesOf(errs); !slices.Equal(got, []string{"otp=otp.wrong"}) {
		t.Fatalf("got %v", got)
	}
	errs, _ = p.Submit(pr, map[string]any{"otp": pr.OTP("otp")}, today)
	if len(errs) != 0 || pr.Step != "tim" {
		t.Fatalf("right code refused: %v at %s", errs, pr.Step)
	}
}

func TestShowIfHidesAndDropsAnswers(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "con")
	vis, err := p.Visible(pr, map[string]any{"co_con": false})
	if err != nil || !slices.Equal(vis, []string{"co_con"}) {
		t.Fatalf("visible %v %v", vis, err)
	}
	v, _ := p.View(pr, today)
	if !v.Step.Fields[0].Watch {
		t.Fatal("co_con is read by a condition: the page must watch it")
	}
	errs, _ := p.Submit(pr, map[string]any{"co_con": false, "ten_con": "X"}, today)
	if len(errs) != 0 {
		t.Fatalf("a hidden field is not checked: %v", errs)
	}
	if _, kept := pr.Personal.Answers["ten_con"]; kept {
		t.Fatal("a hidden field's answer must not be kept")
	}
}

func TestUnknownFieldRefused(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "con")
	errs, _ := p.Submit(pr, map[string]any{"ho_ten": "X"}, today)
	if got := codesOf(errs); !slices.Equal(got, []string{"ho_ten=answer.unknown_field"}) {
		t.Fatalf("got %v", got)
	}
}

func TestBackReviewChangeAndScore(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "kiem-tra")
	v, _ := p.View(pr, today)
	if len(v.Step.Review) != 4 || v.Step.Review[0].Step != "form" || !v.CanBack {
		t.Fatalf("review %+v", v.Step.Review)
	}
	if err := p.GoTo(pr, "dau", today); CodeOf(err) != CodeNotChangeable {
		t.Fatalf("info steps have nothing to change: %v", err)
	}
	if err := p.GoTo(pr, "con", today); err != nil {
		t.Fatal(err)
	}
	v, _ = p.View(pr, today)
	if !v.FromReview || v.Step.ID != "con" || v.Step.Answers["ten_con"] != "NGUYỄN AN" {
		t.Fatalf("change view %+v", v)
	}
	// A mistake, then the fix: back to the review page, not through the
	// steps between.
	if errs, _ := p.Submit(pr, map[string]any{"co_con": true, "ten_con": ""}, today); len(errs) != 1 {
		t.Fatalf("want one error, got %v", errs)
	}
	if errs, _ := p.Submit(pr, map[string]any{"co_con": true, "ten_con": "TRẦN BÌNH"}, today); len(errs) != 0 {
		t.Fatal(errs)
	}
	if pr.Step != "kiem-tra" || pr.Review != "" {
		t.Fatalf("after a change: at %s", pr.Step)
	}
	// Back from the review page walks back one step.
	if err := p.Back(pr, today); err != nil || pr.Step != "tai" {
		t.Fatalf("back: %v at %s", err, pr.Step)
	}
	if err := p.GoTo(pr, "form", today); CodeOf(err) != CodeNotFromReview {
		t.Fatalf("goto away from review: %v", err)
	}
	if err := p.Help(pr, "giay", "example"); err != nil {
		t.Fatal(err)
	}
	for pr.Step != "xong" {
		if errs, err := p.Submit(pr, p.PersonaInput(pr, today), today.Add(time.Minute)); err != nil || len(errs) > 0 {
			t.Fatalf("at %s: %v %v", pr.Step, err, errs)
		}
	}
	if err := p.Back(pr, today); CodeOf(err) != CodeCannotGoBack {
		t.Fatalf("no back from the finish: %v", err)
	}
	if _, err := p.Submit(pr, nil, today); CodeOf(err) != CodePracticeFinished {
		t.Fatalf("submit after finish: %v", err)
	}
	pr.WipePersonal()
	s, err := p.Summary(pr, today.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Finished || s.Mistakes != 1 || s.Examples != 1 || s.Seconds != 60 || len(s.Skills) != 1 || s.Skills[0].Area.VI != "A" {
		t.Fatalf("summary %+v", s)
	}
	if len(s.Steps) != 2 || s.Steps[0].ID != "con" || s.Steps[0].Fixed[0].Code != CodeRequired {
		t.Fatalf("summary steps %+v", s.Steps)
	}
}

func TestProgressIsJSONAndPersonalWipes(t *testing.T) {
	p := loadTest(t)
	pr := goToStep(t, p, "kiem-tra")
	data, err := json.Marshal(pr)
	if err != nil {
		t.Fatal(err)
	}
	var back Progress
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	v1, _ := p.View(pr, today)
	v2, err := p.View(&back, today)
	if err != nil || !reflect.DeepEqual(v1, v2) {
		t.Fatalf("a progress must survive JSON: %v", err)
	}
	back.WipePersonal()
	wiped, _ := json.Marshal(back)
	if strings.Contains(string(wiped), "NGUYỄN") || strings.Contains(string(wiped), "001090012345") {
		t.Fatalf("personal data left after wipe: %s", wiped)
	}
	if !strings.Contains(string(wiped), `"steps"`) {
		t.Fatal("counters must stay")
	}
}

func TestProgressOfAnotherPackRefused(t *testing.T) {
	p := loadTest(t)
	for _, pr := range []*Progress{nil, {Pack: "x", Version: 3, Step: "dau"}, {Pack: "thu", Version: 2, Step: "dau"}, {Pack: "thu", Version: 3, Step: "nope"}} {
		if _, err := p.View(pr, today); CodeOf(err) != CodeCorruptProgress {
			t.Errorf("%+v: %v", pr, err)
		}
		if _, err := p.Submit(pr, nil, today); CodeOf(err) != CodeCorruptProgress {
			t.Errorf("%+v: %v", pr, err)
		}
	}
}

// Known-wrong answers for each sample pack give the expected codes.
func TestSamplePacksKnownWrongAnswers(t *testing.T) {
	lib := sampleLibrary(t)
	tests := []struct {
		pack, step, field string
		value             any
		want              string
	}{
		{"kich-hoat-vneid", "nhap-thong-tin", "so_dinh_danh", "00106101234", "cccd.length"},
		{"kich-hoat-vneid", "nhap-thong-tin", "so_dien_thoai", "0241234567", "phone.landline"},
		{"kich-hoat-vneid", "mat-khau", "mat_khau", "hung1961", "password.no_upper"},
		{"kich-hoat-vneid", "mat-khau", "nhap_lai_mat_khau", "Hung@1962", "match.different"},
		{"kich-hoat-vneid", "passcode", "passcode", "111111", "passcode.repeated"},
		{"khai-sinh", "tim-thu-tuc", "thu_tuc", "khai-tu", "search.wrong_result"},
		{"khai-sinh", "thong-tin-tre", "ho_ten_tre", "Trần Minh An", "name.lower"},
		{"khai-sinh", "thong-tin-tre", "ngay_sinh_tre", "01/01/2020", "date.too_long_ago"},
		{"khai-sinh", "thong-tin-me", "so_dinh_danh_me", "001195006789", "cccd.year_mismatch"},
		{"khai-sinh", "dinh-kem", "giay_chung_sinh", "hoa-don-tien-dien", "upload.wrong_document"},
		{"cu-tru", "nguoi-khai", "so_dinh_danh", "040298003456", "cccd.birth_future"},
		{"cu-tru", "noi-dung", "thoi_han_thang", "36", "number.too_large"},
		{"cu-tru", "noi-o-moi", "noi_cu_tru_moi", map[string]any{"province": "Hà Nội", "commune": "Phường Không Có", "detail": "1"}, "address.commune_unknown"},
		{"ly-lich-tu-phap", "ca-nhan", "ho_ten", "VU DUC LONG 1", "name.digit"},
		{"ly-lich-tu-phap", "cu-tru", "qua_trinh_cu_tru", []any{map[string]any{"tu_ngay": "01/01/2012", "den_ngay": "01/01/2010", "noi_o": "Hà Nội", "nghe_nghiep": "Thợ"}}, "date.before_other"},
		{"ly-lich-tu-phap", "yeu-cau", "so_ban", "0", "number.too_small"},
		{"xac-nhan-hon-nhan", "tinh-trang", "cu_tru_den_ngay", "01/01/2010", "date.before_other"},
		{"xac-nhan-hon-nhan", "nguoi-yeu-cau", "so_dinh_danh", "038197005566", "cccd.year_mismatch"},
		{"khai-tu", "viec-mat", "ngay_mat", "01/01/1930", "date.before_other"},
		{"khai-tu", "nguoi-mat", "so_dinh_danh_nguoi_mat", "036140001234", "cccd.sex_mismatch"},
		{"khai-tu", "nop", "cam_doan", false, "field.must_check"},
	}
	for _, tt := range tests {
		t.Run(tt.pack+"/"+tt.field, func(t *testing.T) {
			p := lib.Pack(tt.pack, 0)
			pr := goToStep(t, p, tt.step)
			errs, err := p.Submit(pr, withAnswer(p, pr, tt.field, tt.value), today)
			if err != nil {
				t.Fatal(err)
			}
			if len(errs) == 0 || errs[0].Code != tt.want || errs[0].Field != tt.field && !strings.HasPrefix(errs[0].Field, tt.field+".") {
				t.Fatalf("got %v, want %s", codesOf(errs), tt.want)
			}
		})
	}
}

func TestConditionalStepAndUpload(t *testing.T) {
	p := sampleLibrary(t).Pack("xac-nhan-hon-nhan", 0)
	pr := goToStep(t, p, "tinh-trang")
	in := p.PersonaInput(pr, today)
	in["tinh_trang"] = "da-ly-hon"
	if errs, _ := p.Submit(pr, in, today); len(errs) != 0 {
		t.Fatal(errs)
	}
	if pr.Step != "vo-chong" {
		t.Fatalf("divorced: the former spouse's details show; at %s", pr.Step)
	}
	in = map[string]any{"ho_ten_vo_chong": "LÊ VĂN TÚ", "so_quyet_dinh_ly_hon": "12/2020/QĐST-HNGĐ", "ngay_ly_hon": "01/06/2020"}
	if errs, _ := p.Submit(pr, in, today); len(errs) != 0 {
		t.Fatal(errs)
	}
	in = map[string]any{"muc_dich": "khac", "muc_dich_khac": "Vay vốn ngân hàng"}
	if errs, _ := p.Submit(pr, in, today); len(errs) != 0 {
		t.Fatal(errs)
	}
	if pr.Step != "dinh-kem" {
		t.Fatalf("divorced, not marrying: the partner step hides and the upload shows; at %s", pr.Step)
	}
	v, _ := p.View(pr, today)
	if !strings.HasPrefix(v.Step.Fields[0].Options[0].Image, "data:image/svg+xml;base64,") {
		t.Fatal("upload choices carry their sample image")
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"schema: bad kind", "kind: review", "kind: revue", "practice/thu.yaml:104: steps.8.kind: value must be one of"},
		{"schema: missing label", `{id: so, type: number, required: true, label: {vi: "Số", en: "Number"},`, "{id: so, type: number, required: true,", "steps.1.fields.6: missing property 'label'"},
		{"unknown field (strict)", "minutes: 5", "minutes: 5\nminuts: 6", "practice/thu.yaml:7: minuts: additional properties 'minuts' not allowed"},
		{"bad condition", `show_if: "co_con"`, `show_if: "co_conn"`, "steps.2.fields.1.show_if: condition \"co_conn\": unknown name co_conn"},
		{"condition calls a function", `show_if: "co_con"`, `show_if: "now() != nil"`, "unknown name now"},
		{"condition not bool", `show_if: "co_con"`, `show_if: "ten_con"`, "steps.2.fields.1.show_if: condition"},
		{"duplicate field", "{id: so, type", "{id: ho_ten, type", `field id "ho_ten" is also used`},
		{"rule on wrong type", "rules: [{kind: min, value: 1}", "rules: [{kind: min_length, value: 1}", "rule min_length does not apply to a number field"},
		{"same_as unknown", "field: mk}", "field: mkk}", `no field "mkk"`},
		{"bad regexp", `pattern: "[A-Z]{2}[0-9]{2}"`, `pattern: "[A-Z"`, "not a valid regular expression"},
		{"missing image", "image: a.svg, correct", "image: z.svg, correct", "cannot read practice/images/z.svg"},
		{"no correct option", "{value: dung, correct: true,", "{value: dung,", "no option is marked correct"},
		{"unknown skill", "skills: [dien-to-khai]", "skills: [bay]", `skills.0: "bay" is not in skills.yaml`},
		{"persona number", `so: "5"`, "so: 5", "persona.answers.so: must be written as text in quotes"},
		{"persona unknown", `so: "5"`, `so: "5"` + "\n    bay: x", `persona.answers.bay: no field "bay"`},
		{"persona fails", `ho_ten: "NGUYỄN VĂN AN"`, `ho_ten: "Nguyen"`, `persona: the persona's answers fail step "form": ho_ten: name.lower`},
		{"finish not last", "  - id: xong\n    kind: finish", "  - id: xong\n    kind: info", "the last step must be a finish step"},
		{"otp field on form", "kind: otp\n", "kind: form\n", "a otp field belongs on a otp step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(testPack, tt.old) {
				t.Fatalf("test is stale: %q not in the pack", tt.old)
			}
			_, err := LoadLibrary(testFS(strings.Replace(testPack, tt.old, tt.new, 1)), "practice", LoadOptions{Now: today})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got:\n%v\nwant %q", err, tt.want)
			}
		})
	}
}

func TestLoadReportsEveryProblem(t *testing.T) {
	bad := strings.Replace(strings.Replace(testPack, "skills: [dien-to-khai]", "skills: [bay]", 1), "field: mk}", "field: mkk}", 1)
	_, err := LoadLibrary(testFS(bad), "practice", LoadOptions{Now: today})
	if err == nil || !strings.Contains(err.Error(), "bay") || !strings.Contains(err.Error(), "mkk") {
		t.Fatalf("want both problems at once, got %v", err)
	}
}

func TestRetainKeepsOldVersions(t *testing.T) {
	old, err := LoadLibrary(testFS(testPack), "practice", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nu, err := LoadLibrary(testFS(strings.Replace(testPack, "version: 3", "version: 4", 1)), "practice", LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nu.Retain(old)
	if nu.Pack("thu", 3) == nil || nu.Pack("thu", 4) == nil || nu.Pack("thu", 0).Version != 4 {
		t.Fatal("a reload must keep running versions and serve the new one")
	}
	if len(nu.Headers()) != 1 {
		t.Fatal("the catalog shows current packs only")
	}
}

func TestPlacesProblems(t *testing.T) {
	tests := []struct{ name, file, data, want string }{
		{"bad header", "places/provinces.csv", "ten,kind,merged_from\n", "places/provinces.csv:1: the header is"},
		{"bad kind", "places/provinces.csv", testProvinces + "Huế 2,huyện,\n", "places/provinces.csv:4: kind: \"huyện\""},
		{"unknown province", "places/communes-ha-noi.sample.csv", "province,commune,kind\nSài Gòn,Phường 1,phường\n", "communes-ha-noi.sample.csv:2: province:"},
		{"duplicate commune", "places/communes-ha-noi.sample.csv", testCommunes + "Hà Nội,Phường Ba Đình,phường\n", "is also listed at"},
		{"wrong columns", "places/communes-ha-noi.sample.csv", "province,commune,kind\nHà Nội,Phường Ba Đình\n", "communes-ha-noi.sample.csv:2: wrong number of fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := testFS(testPack)
			fsys[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := LoadPlaces(fsys, "places")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestSampleProvincesMatchReferenceData(t *testing.T) {
	want, err := os.ReadFile("../../../shared/data/provinces-2025.csv") // shared/ sits beside the repository
	if err != nil {
		t.Skip("reference data not on this machine")
	}
	got, err := os.ReadFile("../../kiosk-config/places/provinces.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(string(got), string(want)) {
		t.Fatal("kiosk-config/places/provinces.csv must carry the reference list unchanged")
	}
}

func TestResolveDate(t *testing.T) {
	d := DateOfForTest(2026, 11, 23)
	for in, want := range map[string]string{"today": "23/11/2026", "today-20d": "03/11/2026", "today-1y+2d": "25/11/2025", "12/03/1961": "12/03/1961", "todayx": "todayx"} {
		if got := resolveDate(in, d); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}
