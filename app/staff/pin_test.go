package staff

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// fast keeps the tests quick; the format and checks are the same.
var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashAndVerify(t *testing.T) {
	h, err := HashPINWith("246810", fast, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1,mindigits=6$") {
		t.Fatalf("not PHC format: %s", h)
	}
	for pin, want := range map[string]bool{"246810": true, "246811": false, "24681": false, "": false, "2468100": false} {
		ok, err := VerifyPIN(h, pin)
		if err != nil || ok != want {
			t.Errorf("VerifyPIN(%q) = %v, %v; want %v", pin, ok, err, want)
		}
	}
	h2, _ := HashPINWith("246810", fast, rand.Reader)
	if h2 == h {
		t.Error("two hashes of one PIN must differ (random salt)")
	}
}

func TestDefaultParamsRoundTrip(t *testing.T) {
	h, err := HashPIN("123456")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParseHash(h)
	if err != nil {
		t.Fatal(err)
	}
	if p.Params != DefaultParams() || !p.Verify("123456") || p.MinDigits != MinPINDigits {
		t.Fatalf("parsed %+v", p.Params)
	}
}

func TestKnownVector(t *testing.T) {
	// A fixed salt makes the output reproducible: any change to the encoding
	// or the parameters' order shows up here.
	salt := bytes.NewReader(bytes.Repeat([]byte{7}, 16))
	h, err := HashPINWith("000000", fast, salt)
	if err != nil {
		t.Fatal(err)
	}
	const want = "$argon2id$v=19$m=64,t=1,p=1,mindigits=6$BwcHBwcHBwcHBwcHBwcHBw$"
	if !strings.HasPrefix(h, want) {
		t.Fatalf("got %s", h)
	}
	again, _ := HashPINWith("000000", fast, bytes.NewReader(bytes.Repeat([]byte{7}, 16)))
	if again != h {
		t.Fatal("same PIN, salt and params must give the same hash")
	}
}

func TestCheckPIN(t *testing.T) {
	tests := []struct {
		pin  string
		want string // "" = valid
	}{
		{"123456", ""},
		{"123456789012", ""},
		{"1234", "6 to 12 digits"},
		{"12345", "6 to 12 digits"},
		{"1234567890123", "6 to 12 digits"},
		{"12a456", "digits only"},
		{"١٢٣٤٥٦", "digits only"}, // Arabic-Indic digits are not on the pad
	}
	for _, tt := range tests {
		err := CheckPIN(tt.pin)
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("CheckPIN(%q) = %v, want %q", tt.pin, err, tt.want)
		}
	}
	for _, short := range []string{"12", "1234", "12345"} {
		if _, err := HashPINWith(short, fast, rand.Reader); err == nil {
			t.Errorf("HashPIN must refuse the %d-digit PIN %s", len(short), short)
		}
	}
}

func TestParseHashRejects(t *testing.T) {
	good, _ := HashPINWith("123456", fast, rand.Reader)
	parts := strings.Split(good, "$")
	tests := map[string]string{
		"empty":          "",
		"bcrypt":         "$2y$10$abcdefghijklmnopqrstuu5Z9rJ8lP8mBq3Zs9p5rY0m8bW2Fz5Ce",
		"argon2i":        strings.Replace(good, "argon2id", "argon2i", 1),
		"old version":    strings.Replace(good, "v=19", "v=16", 1),
		"params order":   strings.Replace(good, "m=64,t=1,p=1", "t=1,m=64,p=1", 1),
		"huge memory":    strings.Replace(good, "m=64", "m=99999999", 1),
		"zero passes":    strings.Replace(good, "t=1", "t=0", 1),
		"zero lanes":     strings.Replace(good, "p=1", "p=0", 1),
		"lanes overflow": strings.Replace(good, "p=1", "p=300", 1),
		"bad salt":       strings.Join(append(parts[:4:4], "!!!!", parts[5]), "$"),
		"short salt":     strings.Join(append(parts[:4:4], "AAAA", parts[5]), "$"),
		"short key":      strings.Join(append(parts[:4:4], parts[4], "AAAA"), "$"),
		"trailing":       good + "$x",
		"two params":     strings.Replace(good, "m=64,t=1,p=1,mindigits=6", "m=64,t=1", 1),
		"unknown param":  strings.Replace(good, "mindigits=6", "x=6", 1),
		"mindigits big":  strings.Replace(good, "mindigits=6", "mindigits=13", 1),
		"fifth param":    strings.Replace(good, "mindigits=6", "mindigits=6,x=1", 1),
	}
	for name, enc := range tests {
		if _, err := ParseHash(enc); !errors.Is(err, ErrMalformedHash) {
			t.Errorf("%s: ParseHash(%q) = %v, want ErrMalformedHash", name, enc, err)
		}
	}
}

func FuzzParseHash(f *testing.F) {
	good, _ := HashPINWith("123456", fast, rand.Reader)
	f.Add(good)
	f.Add("$argon2id$v=19$m=1,t=1,p=1$$")
	f.Add("$argon2id$v=19$m=64,t=1,p=1,x=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA")
	f.Fuzz(func(t *testing.T, enc string) {
		h, err := ParseHash(enc)
		if (h == nil) == (err == nil) {
			t.Fatalf("exactly one of hash and error: %v %v", h, err)
		}
		if h != nil && (h.Memory > maxMemoryKiB || h.Time > maxTime) {
			t.Fatalf("accepted costly params %+v", h.Params)
		}
	})
}

func TestParseHashMinDigits(t *testing.T) {
	// A hash from before mindigits (an older hash-pin, maybe a 4-digit PIN)
	// still parses, so the kiosk can say what to do; it reports 0.
	old := "$argon2id$v=19$m=64,t=1,p=1$BwcHBwcHBwcHBwcHBwcHBw$Jq1Hx6m5xb8y9kWvqvJ1w4yEKq7Qz9m3wq6z8R0qk7Y"
	h, err := ParseHash(old)
	if err != nil || h.MinDigits != 0 {
		t.Fatalf("ParseHash(old) = %+v, %v", h, err)
	}
}

func ExampleVerifyPIN() {
	encoded, _ := HashPIN("246810") // what `tramhocso hash-pin` prints
	ok, _ := VerifyPIN(encoded, "246810")
	fmt.Println(ok)
	// Output: true
}
