package practice

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzLoadPack: any bytes as a pack file give a pack or problems, never a
// panic. The seeds are small packs so that each execution is quick (the
// fuzzer also minimises every new input, re-running it hundreds of times).
func FuzzLoadPack(f *testing.F) {
	f.Add([]byte(testPack))
	f.Add([]byte(strings.Replace(testPack, `show_if: "co_con"`, `show_if: "len(lich_su) > 0 && dia_chi.province == 'Huế'"`, 1)))
	f.Add([]byte(smallPack))
	f.Add([]byte("id: x\n"))
	f.Add([]byte("- [\n"))
	f.Add([]byte("steps: &a [*a]\n"))
	// Issue 13's step kinds (agency, passcode_check, payment, notice, quiz)
	// and field types (agency, cards), with this target's skills.
	kinds := strings.Replace(kindsPackText(f), "skills: [dung-dich-vu, nhan-biet-lua-dao]", "skills: [dien-to-khai]", 1)
	f.Add([]byte(kinds))
	f.Add([]byte(strings.Replace(kinds, "amount: 200000", "amount: 0", 1)))                                         // payment: nothing to pay
	f.Add([]byte(strings.Replace(kinds, "level: commune", "level: province", 1)))                                   // agency: a province-level agency
	f.Add([]byte(strings.Replace(kinds, "{value: bam-link, label:", "{value: bam-link, correct: true, label:", 1))) // quiz: two right answers
	f.Add([]byte(strings.Replace(kinds, `  passcode: "135792"`, `  passcode: "13579x"`, 1)))                        // passcode_check: a bad persona passcode
	f.Add([]byte(strings.Replace(kinds, "{receipt}", "{receipt} {appointment} {agency} {x}", 1)))                   // notice: placeholders
	f.Add([]byte(strings.Replace(kinds, "min_choices: 2", "min_choices: 9", 1)))                                    // cards: more than there are
	fsys := testFS(testPack)
	places, err := LoadPlaces(fsys, "places")
	if err != nil {
		f.Fatal(err)
	}
	skills, err := LoadSkills(fsys, "skills.yaml")
	if err != nil {
		f.Fatal(err)
	}
	// Compiling the schema takes longer than loading a pack: do it once, and
	// fuzz the YAML decoder, the schema validation and the checks.
	sch, err := compileSchema()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := loadPack(sch, fsys, "practice", "practice/f.yaml", data, places, skills)
		if err == nil {
			if p == nil || p.ID == "" || len(p.Steps) == 0 || p.Steps[len(p.Steps)-1].Kind != KindFinish {
				t.Fatalf("accepted a pack without id or finish step")
			}
			_, _ = p.Walk(today, 1)
		}
	})
}

// smallPack is the smallest pack that loads: a quick seed to mutate.
const smallPack = `id: nho
version: 1
title: {vi: "Nhỏ", en: "Small"}
summary: {vi: "Nhỏ", en: "Small"}
life_event: {vi: "Nhỏ", en: "Small"}
minutes: 1
skills: [dien-to-khai]
service: {name: {vi: "Cổng", en: "Portal"}, url: "https://example.gov.vn/"}
documents: []
notes: "n"
persona:
  name: {vi: "A", en: "A"}
  story: {vi: "A", en: "A"}
  answers: {ten: "AN"}
steps:
  - {id: mau, kind: form, title: {vi: "Mẫu", en: "Form"}, fields: [{id: ten, type: text, required: true, show_if: "1 < 2", label: {vi: "Tên", en: "Name"}}]}
  - {id: xong, kind: finish, title: {vi: "Xong", en: "Done"}}
`

func TestSmallPackLoads(t *testing.T) {
	fsys := testFS(testPack)
	places, _ := LoadPlaces(fsys, "places")
	skills, _ := LoadSkills(fsys, "skills.yaml")
	if _, err := LoadPack(fsys, "practice", "practice/f.yaml", []byte(smallPack), places, skills); err != nil {
		t.Fatal(err)
	}
}

// FuzzCondition: any expression compiles to a boolean program over the
// answers or is refused; running it on any answers never panics.
func FuzzCondition(f *testing.F) {
	for _, s := range []string{`co_con`, `ten_con == "A"`, `len(lich_su) > 1`, `dia_chi.province == "Huế"`, `lich_su[5].tu == ""`,
		`upper(ten_con) startsWith "A"`, `now()`, `1/0 == 1`, `ten_con in ["a", "b"]`, strings.Repeat("(", 400)} {
		f.Add(s, `{"co_con": true, "ten_con": "x", "lich_su": [{"tu": "1"}]}`)
	}
	p := loadTest(f)
	f.Fuzz(func(t *testing.T, src, answers string) {
		c, err := compileCondition(src, p.env(nil))
		if err != nil {
			return
		}
		var a map[string]any
		_ = json.Unmarshal([]byte(answers), &a)
		_ = c.eval(p.env(a))
	})
}

// FuzzSubmit: any JSON as a step's answers, on any step, gives errors or a
// move, never a panic; the progress stays usable.
func FuzzSubmit(f *testing.F) {
	f.Add(1, `{"ho_ten": "NGUYỄN VĂN AN", "ngay_sinh": "1/1/1990"}`)
	f.Add(3, `{"dia_chi": {"province": "Hà Nội"}, "lich_su": [{"tu": "x"}, 3]}`)
	f.Add(4, `{"mk": "Abcdef1!", "mk2": null, "pc": "204816"}`)
	f.Add(2, `{"co_con": "yes", "ten_con": ["a"]}`)
	f.Add(0, `{"x": {}}`)
	p := loadTest(f)
	f.Fuzz(func(t *testing.T, step int, answers string) {
		pr := p.Start(today, 9, false)
		if step < 0 {
			step = -step
		}
		pr.Step = p.Steps[step%len(p.Steps)].ID
		var in map[string]any
		if json.Unmarshal([]byte(answers), &in) != nil {
			return
		}
		_, _ = p.Submit(pr, in, today)
		if _, err := p.View(pr, today); err != nil {
			t.Fatalf("progress unusable after submit: %v", err)
		}
		_, _ = p.Visible(pr, in)
		_ = p.Back(pr, today)
	})
}

// FuzzSubmitNewKinds: FuzzSubmit on the step-kinds test pack: any JSON on
// any step (agency, passcode_check, cards, payment, notice, quiz) gives
// errors or a move, never a panic, and the view still renders.
func FuzzSubmitNewKinds(f *testing.F) {
	f.Add(1, `{"passcode_check__ma-bao-ve": "135792"}`)
	f.Add(1, `{"passcode_check__ma-bao-ve": ["1"]}`)
	f.Add(2, `{"co_quan": {"province": "Hà Nội", "commune": "Phường Ba Đình"}}`)
	f.Add(2, `{"co_quan": {"province": 1, "commune": null}}`)
	f.Add(3, `{"nguoi_khai": "ban-than", "thu_tuc": ["ly-lich", "ly-lich", "khac"], "doi_tuong": "nguoi-co-cong", "so_ban": "999999999"}`)
	f.Add(3, `{"thu_tuc": [null, {}, []], "nguoi_khai": ["a"]}`)
	f.Add(5, `{"phuong_thuc_tt": "ngan-hang"}`)
	f.Add(7, `{}`)
	f.Add(9, `{"tin_nhan": "bam-link"}`)
	f.Add(9, `{"tin_nhan": "lua-dao"}`)
	p := loadKinds(f)
	f.Fuzz(func(t *testing.T, step int, answers string) {
		pr := p.Start(today, 9, true)
		if step < 0 {
			step = -step
		}
		// Walk there with the persona, so the fee and the placeholders have answers to read.
		target := p.Steps[step%len(p.Steps)].ID
		for pr.Step != target {
			if errs, err := p.Submit(pr, p.PersonaInput(pr, today), today); err != nil || len(errs) > 0 {
				t.Fatalf("persona stuck at %s: %v %v", pr.Step, err, errs)
			}
		}
		var in map[string]any
		if json.Unmarshal([]byte(answers), &in) != nil {
			return
		}
		_, _ = p.Submit(pr, in, today)
		if _, err := p.View(pr, today); err != nil {
			t.Fatalf("progress unusable after submit: %v", err)
		}
		_, _ = p.Visible(pr, in)
		_ = p.Back(pr, today)
	})
}

func BenchmarkSubmitStep(b *testing.B) {
	p := sampleLibrary(b).Pack("ly-lich-tu-phap", 0)
	start := p.Start(today, 5, true)
	for start.Step != "ca-nhan" {
		if errs, err := p.Submit(start, p.PersonaInput(start, today), today); err != nil || len(errs) > 0 {
			b.Fatal(err, errs)
		}
	}
	in := p.PersonaInput(start, today)
	data, _ := json.Marshal(start)
	b.ReportAllocs()
	for b.Loop() {
		var pr Progress
		_ = json.Unmarshal(data, &pr) // what the store does between requests
		if errs, err := p.Submit(&pr, in, today); err != nil || len(errs) > 0 {
			b.Fatal(err, errs)
		}
	}
}
