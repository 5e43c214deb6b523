package api

import (
	"strings"
	"testing"

	"tramhocso/app/practice"
)

// The checklist names the place once: a site called "Bộ phận Một cửa …" is
// not prefixed with "bộ phận một cửa" again (issue 13).
func TestChecklistNamesTheSiteOnce(t *testing.T) {
	p := &practice.Pack{Header: practice.Header{ID: "x", Title: practice.Text{VI: "Thủ tục", EN: "Procedure"}}}
	tests := []struct{ site, lang, want, not string }{
		{"Bộ phận Một cửa phường Ba Đình (mẫu)", "vi", "Nơi nộp: Bộ phận Một cửa phường Ba Đình (mẫu), hoặc trực tuyến:", "một cửa Bộ phận"},
		{"Bộ phận Một cửa phường Ba Đình (mẫu)", "en", "Where to file: Bộ phận Một cửa phường Ba Đình (mẫu), or online:", "desk, Bộ phận"},
		{"UBND phường Ba Đình", "vi", "Nơi nộp: bộ phận một cửa UBND phường Ba Đình, hoặc trực tuyến:", ""},
		{"UBND phường Ba Đình", "en", "Where to file: the one-stop-shop desk, UBND phường Ba Đình, or online:", ""},
	}
	for _, tt := range tests {
		got := checklist(p, tt.site, "https://dichvucong.gov.vn/", tt.lang)
		if !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("%s/%s:\n%s\nwant %q", tt.site, tt.lang, got, tt.want)
		}
	}
}
