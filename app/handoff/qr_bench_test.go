package handoff

import (
	"net/url"
	"strings"
	"testing"
)

// BenchmarkQRKinds draws each of the five QR codes at the size the API
// serves (360 px), with realistic contents (the checklist at its 900-byte cap).
func BenchmarkQRKinds(b *testing.B) {
	base, _ := url.Parse("http://192.168.50.1:8080")
	wifi, _ := WiFiPayload("Wifi Mien Phi Phuong Ba Dinh", "doi-mat-khau-nay", WPA, false)
	docs := make([]string, 30)
	for i := range docs {
		docs[i] = "Bản sao giấy tờ tùy thân có chứng thực " + strings.Repeat("ễ", i%5)
	}
	checklist := Checklist{Title: "Đăng ký khai sinh", Heading: "Giấy tờ cần mang:", Documents: docs,
		Where: "Nơi nộp: bộ phận một cửa Phường Ba Đình", Link: "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
		Note: "Trạm Học Số — đây là bản luyện tập"}.Text()
	for _, k := range []struct {
		kind    Kind
		content string
	}{
		{KindWiFi, wifi},
		{KindContinue, ContinueURL(base, "q83vEjRWeJq83vEjRWeJqw")},
		{KindChecklist, checklist},
		{KindService, "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"},
		{KindPhone, PhoneURL(base)},
	} {
		b.Run(string(k.kind), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(k.content)))
			for b.Loop() {
				if _, err := PNG(k.content, 360); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
