package handoff

import (
	"strings"
	"testing"
)

func TestWiFiPayload(t *testing.T) {
	tests := []struct {
		name, ssid, pass string
		sec              Security
		hidden           bool
		want, wantErr    string
	}{
		{"plain", "PhuongBaDinh-Free", "matkhau123", WPA, false, "WIFI:T:WPA;S:PhuongBaDinh-Free;P:matkhau123;;", ""},
		{"reserved characters", `a\b;c,d"e:f`, `p;a,s"s:w\d`, WPA, false, `WIFI:T:WPA;S:a\\b\;c\,d\"e\:f;P:p\;a\,s\"s\:w\\d;;`, ""},
		{"hex-looking values are quoted", "CAFE1234", "0123456789", WPA, false, `WIFI:T:WPA;S:"CAFE1234";P:"0123456789";;`, ""},
		{"vietnamese ssid", "Điểm chạm số", "mậtkhẩu2025", WPA, false, "WIFI:T:WPA;S:Điểm chạm số;P:mậtkhẩu2025;;", ""},
		{"open network", "Wifi Công cộng", "", NoPass, false, "WIFI:T:nopass;S:Wifi Công cộng;;", ""},
		{"hidden", "kiosk", "12345678z", WPA, true, "WIFI:T:WPA;S:kiosk;P:12345678z;H:true;;", ""},
		{"empty ssid", "", "12345678", WPA, false, "", "SSID) is empty"},
		{"short wpa password", "x", "1234567", WPA, false, "", "8 to 63"},
		{"open with password", "x", "secret", NoPass, false, "", "no password"},
		{"unknown security", "x", "12345678", "WPA9", false, "", "WPA, WEP or nopass"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WiFiPayload(tt.ssid, tt.pass, tt.sec, tt.hidden)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %q, %v; want error %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
			ssid, pass, sec, hidden, err := ParseWiFiPayload(got)
			if err != nil || ssid != tt.ssid || pass != tt.pass || sec != tt.sec || hidden != tt.hidden {
				t.Fatalf("round trip: %q %q %q %v %v", ssid, pass, sec, hidden, err)
			}
		})
	}
}

func FuzzWiFiRoundTrip(f *testing.F) {
	f.Add("ssid", "password1", false)
	f.Add(`;;\\""::,,`, `\;,":`, true)
	f.Add("ABCDEF", "00112233", false)
	f.Fuzz(func(t *testing.T, ssid, pass string, hidden bool) {
		p, err := WiFiPayload(ssid, pass, WPA, hidden)
		if err != nil {
			return
		}
		s, pw, sec, h, err := ParseWiFiPayload(p)
		if err != nil || s != ssid || pw != pass || sec != WPA || h != hidden {
			t.Fatalf("%q → %q → %q %q %q %v %v", ssid, p, s, pw, sec, h, err)
		}
	})
}

func FuzzParseWiFiPayload(f *testing.F) {
	f.Add("WIFI:T:WPA;S:x;P:y;;")
	f.Add(`WIFI:S:"a;b";;`)
	f.Add("WIFI:\\")
	f.Fuzz(func(t *testing.T, p string) {
		_, _, _, _, _ = ParseWiFiPayload(p)
	})
}
