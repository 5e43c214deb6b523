package handoff

import (
	"bytes"
	"image"
	_ "image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decode reads a PNG QR code back with an independent decoder (ZXing's port).
func decode(t *testing.T, png []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(png))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gzqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8", gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("decoding the QR: %v", err)
	}
	return res.GetText()
}

func TestQRRoundTripAllKinds(t *testing.T) {
	base, _ := url.Parse("http://192.168.50.1:8080")
	wifi, err := WiFiPayload("Điểm chạm số; Ba Đình", `mk"2025:an,toàn`, WPA, false)
	if err != nil {
		t.Fatal(err)
	}
	service, err := ServiceURL("https://dichvucong.gov.vn/p/home/dvc-trang-chu.html")
	if err != nil {
		t.Fatal(err)
	}
	checklist := Checklist{
		Title:     "Đăng ký khai sinh",
		Heading:   "Giấy tờ cần mang:",
		Documents: []string{"Giấy chứng sinh (bản chính)", "CCCD của cha hoặc mẹ", "Giấy chứng nhận kết hôn (nếu có)"},
		Where:     "Bộ phận Một cửa UBND phường Ba Đình",
		Link:      service,
		Note:      "Trạm Học Số — bản luyện tập",
	}.Text()
	contents := map[Kind]string{
		KindWiFi:      wifi,
		KindContinue:  ContinueURL(base, "q83vEjRWeJq83vEjRWeJqw"),
		KindChecklist: checklist,
		KindService:   service,
		KindPhone:     PhoneURL(base),
	}
	for kind, want := range contents {
		t.Run(string(kind), func(t *testing.T) {
			png, err := PNG(want, 512)
			if err != nil {
				t.Fatal(err)
			}
			if got := decode(t, png); got != want {
				t.Fatalf("decoded %q, want %q", got, want)
			}
		})
	}
	if contents[KindContinue] != "http://192.168.50.1:8080/h/q83vEjRWeJq83vEjRWeJqw" || contents[KindPhone] != "http://192.168.50.1:8080/?phone=1" {
		t.Fatalf("urls: %q %q", contents[KindContinue], contents[KindPhone])
	}
}

func TestPNGErrors(t *testing.T) {
	if _, err := PNG("", 512); err == nil {
		t.Error("empty content must fail")
	}
	if _, err := PNG("x", 64); err == nil {
		t.Error("tiny image must fail")
	}
	if _, err := PNG(strings.Repeat("x", 5000), 512); err == nil {
		t.Error("content over QR capacity must fail")
	}
}

func TestServiceURL(t *testing.T) {
	for link, ok := range map[string]bool{
		"https://dichvucong.gov.vn/":   true,
		"http://dichvucong.gov.vn/":    false,
		"javascript:alert(1)":          false,
		"https://user:pw@example.com/": false,
		"https:///nohost":              false,
		"%":                            false,
	} {
		if _, err := ServiceURL(link); (err == nil) != ok {
			t.Errorf("ServiceURL(%q) err = %v, want ok=%v", link, err, ok)
		}
	}
}

func TestChecklistFits(t *testing.T) {
	docs := make([]string, 60)
	for i := range docs {
		docs[i] = "Bản sao chứng thực giấy tờ tùy thân số " + strings.Repeat("ễ", i%7)
	}
	c := Checklist{Title: "Đăng ký thường trú", Documents: docs, Link: "https://dichvucong.gov.vn/", Note: "Trạm Học Số"}
	s := c.Text()
	if len(s) > MaxChecklistBytes || !strings.Contains(s, "(+") || !strings.Contains(s, "https://dichvucong.gov.vn/") {
		t.Fatalf("checklist not trimmed with a count (%d bytes):\n%s", len(s), s)
	}
	if _, err := PNG(s, 512); err != nil {
		t.Fatalf("a full checklist must still encode: %v", err)
	}
	huge := Checklist{Title: strings.Repeat("Đ", 2000)}.Text()
	if len(huge) > MaxChecklistBytes || !strings.HasPrefix(huge, "ĐĐ") {
		t.Fatalf("oversized title not cut cleanly: %d bytes", len(huge))
	}
}

func BenchmarkPNG(b *testing.B) {
	base, _ := url.Parse("http://192.168.50.1:8080")
	content := ContinueURL(base, "q83vEjRWeJq83vEjRWeJqw")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PNG(content, 512); err != nil {
			b.Fatal(err)
		}
	}
}
