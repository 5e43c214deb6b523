package collector

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func testSkills(packs map[string][]string) *Skills {
	return &Skills{Framework: "Khung kỹ năng số cơ bản", PackAreas: packs, Groups: []SkillGroup{
		{Area: "thiet-bi-so", Group: "0", VI: "Sử dụng thiết bị", EN: "Using devices"},
		{Area: "giao-tiep", Group: "2", VI: "Giao tiếp", EN: "Communicating"},
		{Area: "an-toan", Group: "4", VI: "An toàn trong môi trường số", EN: "Safety"},
		{Area: "giai-quyet", Group: "5", VI: "Giải quyết vấn đề", EN: "Problem solving"},
	}}
}

func TestReportSkillGroups(t *testing.T) {
	type want struct {
		starts, finishes uint64
		packs            []string
	}
	cases := []struct {
		name    string
		packs   map[string][]string
		want    map[string]want
		unknown []string
	}{
		{"every pack mapped; a pack counts in each of its groups",
			map[string][]string{"khai-sinh": {"thiet-bi-so", "giao-tiep"}, "kich-hoat-vneid": {"thiet-bi-so", "an-toan"}},
			map[string]want{"thiet-bi-so": {94, 60, []string{"khai-sinh", "kich-hoat-vneid"}}, "giao-tiep": {80, 60, []string{"khai-sinh"}},
				"an-toan": {14, 0, []string{"kich-hoat-vneid"}}, "giai-quyet": {0, 0, nil}},
			nil},
		{"a pack the map does not know is named, not counted",
			map[string][]string{"khai-sinh": {"giao-tiep", "no-such-area"}},
			map[string]want{"thiet-bi-so": {}, "giao-tiep": {80, 60, []string{"khai-sinh"}}, "an-toan": {}, "giai-quyet": {}},
			[]string{"kich-hoat-vneid"}},
	}
	forEachEngine(t, func(t *testing.T, db string) {
		clock := &testClock{t: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)}
		c, _ := scopedFixture(t, db, clock)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c.opts.Skills = testSkills(tc.packs)
				rep, err := c.BuildReport(t.Context(), "", "", Scope{Province: "Hà Nội"})
				if err != nil {
					t.Fatal(err)
				}
				if len(rep.Skills) != 4 || rep.Framework == "" {
					t.Fatalf("skill rows %+v, framework %q", rep.Skills, rep.Framework)
				}
				for i, r := range rep.Skills {
					w := tc.want[r.Area]
					if r.Group != c.opts.Skills.Groups[i].Group || r.Starts != w.starts || r.Finishes != w.finishes || !slices.Equal(r.Packs, w.packs) {
						t.Errorf("group %s: %d started, %d finished, packs %v; want %+v", r.Group, r.Starts, r.Finishes, r.Packs, w)
					}
				}
				if !slices.Equal(rep.UnmappedPacks, tc.unknown) {
					t.Errorf("unmapped packs %v, want %v", rep.UnmappedPacks, tc.unknown)
				}
			})
		}
		t.Run("the page names the groups and hides small counts", func(t *testing.T) {
			c.opts.Skills = testSkills(map[string][]string{"khai-sinh": {"thiet-bi-so"}, "kich-hoat-vneid": {"an-toan"}})
			b := signIn(t, c.Handler(), "tinh-ha-noi")
			body := b.get("/report").Body.String()
			i := strings.Index(body, `data-table="skills"`)
			if i < 0 {
				t.Fatalf("no skills table:\n%s", body)
			}
			table := body[i : i+strings.Index(body[i:], "</table>")]
			for _, w := range []string{"Nhóm 0", "Sử dụng thiết bị", "Nhóm 4", "An toàn trong môi trường số", ">80<", ">60<", ">14<", ">&lt;5<", "Nhóm 5"} {
				if !strings.Contains(table, w) {
					t.Errorf("the skills table lacks %s:\n%s", w, table)
				}
			}
			c.opts.Skills = nil
			if body := b.get("/report").Body.String(); strings.Contains(body, `data-table="skills"`) {
				t.Error("a collector without a skills map draws the table")
			}
		})
	})
}
