package vnformat

import (
	"slices"
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		in, want, wantCode string
	}{
		{"nguyen.van.an@gmail.com", "nguyen.van.an@gmail.com", ""},
		{"  an@gmail.com ", "an@gmail.com", ""},
		{"An.Nguyen@GMAIL.COM", "An.Nguyen@gmail.com", ""},
		{"an+kiosk@mail.example.vn", "an+kiosk@mail.example.vn", ""},
		{"a_b-c@sub-domain.gov.vn", "a_b-c@sub-domain.gov.vn", ""},

		{"", "", CodeEmailEmpty},
		{"   ", "", CodeEmailEmpty},
		{"nguyễn@gmail.com", "", CodeEmailNonASCII},
		{"an@gmaіl.com", "", CodeEmailNonASCII}, // Cyrillic і
		{"an.gmail.com", "", CodeEmailAt},
		{"an@@gmail.com", "", CodeEmailAt},
		{"an@b@gmail.com", "", CodeEmailAt},
		{`"a@b"@gmail.com`, "", CodeEmailAt},
		{"Nguyễn Văn An <an@gmail.com>", "", CodeEmailNonASCII},
		{"Nguyen Van An <an@gmail.com>", "", CodeEmailDisplayName},
		{"<an@gmail.com>", "", CodeEmailDisplayName},
		{"an@gmail.com>", "", CodeEmailDisplayName},
		{"an @gmail.com", "", CodeEmailFormat},
		{"an.@gmail.com", "", CodeEmailFormat},
		{".an@gmail.com", "", CodeEmailFormat},
		{"a..n@gmail.com", "", CodeEmailFormat},
		{"@gmail.com", "", CodeEmailFormat},
		{"an@", "", CodeEmailFormat},
		{`"a n"@gmail.com`, "", CodeEmailFormat},
		{"an,b@gmail.com", "", CodeEmailFormat},
		{"an@gmail", "", CodeEmailDomain},
		{"an@localhost", "", CodeEmailDomain},
		{"an@[192.168.1.1]", "", CodeEmailDomain},
		{"an@gmail..com", "", CodeEmailFormat},
		{"an@-gmail.com", "", CodeEmailDomain},
		{"an@gmail-.com", "", CodeEmailDomain},
		{"an@gmail_x.com", "", CodeEmailDomain},
		{"an@" + strings.Repeat("a", 64) + ".com", "", CodeEmailDomain},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := NormalizeEmail(tt.in)
			if tt.wantCode != "" {
				if !slices.Equal(Codes(err), []string{tt.wantCode}) || got != "" {
					t.Fatalf("NormalizeEmail(%q) = %q, %v; want code %s", tt.in, got, err, tt.wantCode)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{
		"nguyen.van.an@gmail.com", "An@GMAIL.com", "Nguyen <an@gmail.com>", `"a b"@c.com`, "a@b", "a@[1.2.3.4]",
		"an@gmail.com (comment)", "", "@", "\xff@a.b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeEmail(s)
		if err != nil {
			codes := Codes(err)
			if len(codes) != 1 || !strings.HasPrefix(codes[0], "email.") || got != "" {
				t.Fatalf("NormalizeEmail(%q) = %q, %v", s, got, err)
			}
			return
		}
		if strings.Count(got, "@") != 1 || strings.ContainsAny(got, " <>\"()") {
			t.Fatalf("NormalizeEmail(%q) = %q", s, got)
		}
		if again, err := NormalizeEmail(got); err != nil || again != got {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, got, again, err)
		}
		if _, domain, _ := strings.Cut(got, "@"); domain != strings.ToLower(domain) || !strings.Contains(domain, ".") {
			t.Fatalf("NormalizeEmail(%q) = %q: domain not lower case or has no dot", s, got)
		}
	})
}
