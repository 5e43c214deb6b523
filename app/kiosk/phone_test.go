package kiosk

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image"
	_ "image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/makiuchi-d/gozxing"
	gzqr "github.com/makiuchi-d/gozxing/qrcode"

	"tramhocso/app/api"
	"tramhocso/app/handoff"
	"tramhocso/app/session"
)

// phoneConfig copies the sample kiosk-config with the phone door on and a
// Wi-Fi network to join; edit can change kiosk.yaml further.
func phoneConfig(t testing.TB, edit func(string) string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "config")
	if err := os.CopyFS(dir, os.DirFS("../../kiosk-config")); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "kiosk.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	y := string(b)
	y = strings.Replace(y, "  listen: \"\"\n  # Base URL", "  listen: \"127.0.0.1:18765\"\n  # Base URL", 1)
	y = regexp.MustCompile(`(?m)^  # (wifi:|  ssid:|  password:|  security:)`).ReplaceAllString(y, "  $1")
	if edit != nil {
		y = edit(y)
	}
	if err := os.WriteFile(p, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func openPhoneKiosk(t testing.TB, logs *bytes.Buffer, edit func(string) string) *Kiosk {
	t.Helper()
	opts := Options{Config: os.DirFS(phoneConfig(t, edit)), ConfigName: "kiosk-config", DataDir: t.TempDir(),
		Notify: func(string) (bool, error) { return false, nil },
		Assets: fstest.MapFS{"index.html": {Data: []byte("<!doctype html><title>t</title>")}}}
	if logs != nil {
		opts.Logger = textLogger(logs)
	}
	k, err := Open(t.Context(), opts)
	if err != nil {
		t.Fatalf("opening the kiosk: %v", err)
	}
	t.Cleanup(func() { k.Close() })
	if k.phone == nil {
		t.Fatal("handoff.listen is set: the phone door must be prepared")
	}
	k.phone.base.Store(&url.URL{Scheme: "http", Host: "192.168.50.1:8080", Path: "/"})
	return k
}

// client calls one door's API and keeps the phone cookie like a browser.
type client struct {
	t      testing.TB
	h      http.Handler
	cookie string
	addr   string
}

func (c *client) do(method, path string, body any, out any) (int, string) {
	c.t.Helper()
	var b []byte
	if body != nil {
		b, _ = json.Marshal(body)
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	if c.addr != "" {
		req.RemoteAddr = c.addr
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: api.PhoneCookie, Value: c.cookie})
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	for _, ck := range rec.Result().Cookies() {
		if ck.Name == api.PhoneCookie {
			if !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode {
				c.t.Fatalf("the phone cookie must be HttpOnly and SameSite=Strict: %+v", ck)
			}
			c.cookie = ck.Value
		}
	}
	if out != nil && rec.Code < 300 {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			c.t.Fatalf("%s %s: %v: %s", method, path, err, rec.Body)
		}
	}
	return rec.Code, rec.Body.String()
}

func decodeQR(t testing.TB, dataURL string) string {
	t.Helper()
	b64, ok := strings.CutPrefix(dataURL, "data:image/png;base64,")
	if !ok {
		t.Fatalf("not a PNG data URL: %.40s", dataURL)
	}
	png, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
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
		t.Fatalf("decoding a served QR: %v", err)
	}
	return res.GetText()
}

// startAndAnswerTwo starts the VNeID pack on the kiosk with the sample data
// and passes its first two steps.
func startAndAnswerTwo(t *testing.T, k *Kiosk, kc *client) (string, api.PracticeResult) {
	t.Helper()
	var st api.PracticeStarted
	if code, body := kc.do("POST", "/api/practice", map[string]any{"pack": "kich-hoat-vneid", "sample": true}, &st); code != 200 {
		t.Fatalf("start: %d %s", code, body)
	}
	pack := k.snap.Load().Practice.Pack("kich-hoat-vneid", 0)
	var res api.PracticeResult
	for range 2 {
		pr, err := k.rt.practices.Load(t.Context(), st.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := pack.PersonaInput(pr, time.Now())
		if code, body := kc.do("POST", "/api/practice/"+st.ID+"/submit", api.PracticeStep{Step: pr.Step, Answers: in}, &res); code != 200 || len(res.Errors) > 0 {
			t.Fatalf("step %s: %d %s", pr.Step, code, body)
		}
	}
	return st.ID, res
}

func tokenOf(t *testing.T, offer api.HandoffOffer) string {
	t.Helper()
	link := decodeQR(t, offer.Continue.Image)
	tok, ok := strings.CutPrefix(link, "http://192.168.50.1:8080/h/")
	if !ok || offer.Continue.Text != strings.TrimPrefix(link, "http://") {
		t.Fatalf("continue QR %q, printed %q", link, offer.Continue.Text)
	}
	return tok
}

// TestHandoffThroughTheAPI moves a practice from the kiosk door to the phone
// door with the real stores: the code's whole life, the phone's cookie, the
// kiosk letting go, and what each door refuses.
func TestHandoffThroughTheAPI(t *testing.T) {
	var logs bytes.Buffer
	k := openPhoneKiosk(t, &logs, nil)
	kc := &client{t: t, h: k.APIHandler(api.DoorKiosk)}
	phone := &client{t: t, h: k.SiteHandler(api.DoorPhone), addr: "192.168.50.23:40000"}
	id, before := startAndAnswerTwo(t, k, kc)

	var offer api.HandoffOffer
	if code, body := kc.do("POST", "/api/practice/"+id+"/handoff", nil, &offer); code != 200 {
		t.Fatalf("offer: %d %s", code, body)
	}
	if offer.WiFi == nil || offer.RenewInS <= 0 || offer.RenewInS >= 180 {
		t.Fatalf("offer: wifi %v, renew in %d s", offer.WiFi, offer.RenewInS)
	}
	first := tokenOf(t, offer)
	// Rotation: asking again replaces the code on screen.
	if code, _ := kc.do("POST", "/api/practice/"+id+"/handoff", nil, &offer); code != 200 {
		t.Fatal(code)
	}
	token := tokenOf(t, offer)
	if token == first {
		t.Fatal("the code did not rotate")
	}

	var moved api.HandoffStatus
	if kc.do("GET", "/api/practice/"+id+"/handoff", nil, &moved); moved.Moved {
		t.Fatal("not claimed yet")
	}
	// Wrong door: the kiosk door has no claim route, the phone door no offer.
	if code, body := kc.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: token}, nil); code != 404 || !strings.Contains(body, "not_found") {
		t.Fatalf("claim on the kiosk door: %d %s", code, body)
	}
	if code, _ := phone.do("POST", "/api/practice/"+id+"/handoff", nil, nil); code != 404 {
		t.Fatalf("offer on the phone door: %d", code)
	}
	// Before claiming, the phone cannot see the practice.
	if code, _ := phone.do("GET", "/api/practice/"+id, nil, nil); code != 404 {
		t.Fatalf("an unclaimed practice on the phone: %d", code)
	}

	tests := []struct {
		name, token string
		status      int
		code        string
	}{
		{"rotated away", first, 410, "handoff_expired"},
		{"forged, right shape", "AAAAAAAAAAAAAAAAAAAAAA", 404, "handoff_unknown"},
		{"forged, wrong shape", "../../etc/passwd", 404, "handoff_unknown"},
		{"empty", "", 404, "handoff_unknown"},
	}
	for _, tt := range tests {
		code, body := phone.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: tt.token}, nil)
		if code != tt.status || !strings.Contains(body, `"code":"`+tt.code+`"`) || !strings.Contains(body, "Hãy") {
			t.Errorf("%s: %d %s", tt.name, code, body)
		}
	}
	if phone.cookie != "" {
		t.Fatal("a failed claim must not set a cookie")
	}

	var claimed api.PracticeStarted
	if code, body := phone.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: token}, &claimed); code != 200 {
		t.Fatalf("claim: %d %s", code, body)
	}
	if claimed.ID != id || claimed.View.Step.ID != before.View.Step.ID || phone.cookie == "" {
		t.Fatalf("claimed %s at %s, want %s at %s", claimed.ID, claimed.View.Step.ID, id, before.View.Step.ID)
	}
	rec, _ := k.rt.sessions.Get(t.Context(), id)
	if rec.Status != session.StatusHandedOff || rec.HandOff == nil || rec.HandOff.Claimed.IsZero() {
		t.Fatalf("session after the claim: %+v", rec)
	}
	// The same answers are on the phone.
	var v struct {
		Step struct{ Answers map[string]any } `json:"step"`
	}
	kcView := before.View.Step.Answers
	phone.do("GET", "/api/practice/"+id, nil, &v)
	if len(kcView) > 0 && len(v.Step.Answers) == 0 {
		t.Fatal("the phone lost the answers")
	}
	var mine api.HandoffMine
	if phone.do("GET", "/api/handoff/mine", nil, &mine); mine.Door != api.DoorPhone || mine.Practice == nil || mine.Practice.ID != id {
		t.Fatalf("mine: %+v", mine)
	}

	// Reused: 410 with its own page; another phone gets no cookie.
	other := &client{t: t, h: phone.h, addr: "192.168.50.24:40000"}
	if code, body := other.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: token}, nil); code != 410 || !strings.Contains(body, "handoff_used") || !strings.Contains(body, "Mã này đã được dùng") {
		t.Fatalf("reuse: %d %s", code, body)
	}
	// Another phone, or this phone with a forged cookie, cannot open it.
	if code, _ := other.do("GET", "/api/practice/"+id, nil, nil); code != 404 {
		t.Fatalf("a phone without the cookie: %d", code)
	}
	forged := &client{t: t, h: phone.h, cookie: "BBBBBBBBBBBBBBBBBBBBBB"}
	if code, _ := forged.do("GET", "/api/practice/"+id, nil, nil); code != 404 {
		t.Fatalf("a forged cookie: %d", code)
	}

	// The kiosk learns it moved and can no longer change it.
	if kc.do("GET", "/api/practice/"+id+"/handoff", nil, &moved); !moved.Moved {
		t.Fatal("the kiosk must see the claim")
	}
	if code, body := kc.do("POST", "/api/practice/"+id+"/end", nil, nil); code != 410 || !strings.Contains(body, "practice_moved") {
		t.Fatalf("the kiosk ending a moved practice: %d %s", code, body)
	}

	// The phone finishes it; the cookie then opens nothing more.
	pack := k.snap.Load().Practice.Pack("kich-hoat-vneid", 0)
	for range 30 {
		pr, err := k.rt.practices.Load(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if pr.Finished() {
			break
		}
		var res api.PracticeResult
		if code, body := phone.do("POST", "/api/practice/"+id+"/submit", api.PracticeStep{Step: pr.Step, Answers: pack.PersonaInput(pr, time.Now())}, &res); code != 200 || len(res.Errors) > 0 {
			t.Fatalf("phone step %s: %d %s", pr.Step, code, body)
		}
	}
	if rec, _ := k.rt.sessions.Get(t.Context(), id); rec.Status != session.StatusFinished || rec.Payload != nil {
		t.Fatalf("finished on the phone: %s", rec.Status)
	}
	if kc.do("GET", "/api/practice/"+id+"/handoff", nil, &moved); !moved.Moved {
		t.Fatal("after the phone finished, the kiosk still knows it moved")
	}

	if strings.Contains(logs.String(), token) || strings.Contains(logs.String(), phone.cookie) {
		t.Fatal("a code or a cookie reached the log")
	}
}

func TestHandoffCodeExpires(t *testing.T) {
	k := openPhoneKiosk(t, nil, nil)
	clock := time.Now()
	k.phone.now = func() time.Time { return clock }
	kc := &client{t: t, h: k.APIHandler(api.DoorKiosk)}
	phone := &client{t: t, h: k.APIHandler(api.DoorPhone)}
	id, _ := startAndAnswerTwo(t, k, kc)
	var offer api.HandoffOffer
	kc.do("POST", "/api/practice/"+id+"/handoff", nil, &offer)
	token := tokenOf(t, offer)
	clock = clock.Add(3 * time.Minute) // token_ttl: 3m in the sample
	if code, body := phone.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: token}, nil); code != 410 || !strings.Contains(body, "handoff_expired") || !strings.Contains(body, "hết hạn") {
		t.Fatalf("expired: %d %s", code, body)
	}
	// Still on the kiosk, still live there.
	if code, _ := kc.do("GET", "/api/practice/"+id, nil, nil); code != 200 {
		t.Fatalf("the kiosk keeps an unclaimed practice: %d", code)
	}
}

func TestHandoffClaimsAreRateLimited(t *testing.T) {
	k := openPhoneKiosk(t, nil, nil)
	phone := &client{t: t, h: k.APIHandler(api.DoorPhone), addr: "192.168.50.99:1"}
	codes := map[int]int{}
	for range claimBurst + 2 {
		code, _ := phone.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: "AAAAAAAAAAAAAAAAAAAAAA"}, nil)
		codes[code]++
	}
	if codes[404] != claimBurst || codes[429] != 2 {
		t.Fatalf("claims by status: %v", codes)
	}
	other := &client{t: t, h: phone.h, addr: "192.168.50.98:1"}
	if code, _ := other.do("POST", "/api/handoff/claim", api.HandoffClaim{Token: "AAAAAAAAAAAAAAAAAAAAAA"}, nil); code != 404 {
		t.Fatalf("another address has its own budget: %d", code)
	}
}

func TestPhoneStartsItsOwnPracticeUnderTheCap(t *testing.T) {
	k := openPhoneKiosk(t, nil, func(y string) string {
		return strings.Replace(y, "max_phone_sessions: 50", "max_phone_sessions: 2", 1)
	})
	h := k.SiteHandler(api.DoorPhone)
	var phones []*client
	var ids []string
	for i := range 2 {
		c := &client{t: t, h: h}
		var st api.PracticeStarted
		if code, body := c.do("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, &st); code != 200 || c.cookie == "" {
			t.Fatalf("phone %d: %d %s", i, code, body)
		}
		phones, ids = append(phones, c), append(ids, st.ID)
	}
	rec, _ := k.rt.sessions.Get(t.Context(), ids[0])
	if rec.Door != session.DoorPhone {
		t.Fatalf("a practice started on a phone is the phone's: %s", rec.Door)
	}
	third := &client{t: t, h: h}
	if code, body := third.do("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, nil); code != 503 || !strings.Contains(body, "phone_busy") || !strings.Contains(body, "một phút") {
		t.Fatalf("over the cap: %d %s", code, body)
	}
	// Each phone sees only its own practice.
	if code, _ := phones[0].do("GET", "/api/practice/"+ids[1], nil, nil); code != 404 {
		t.Fatalf("phone 0 opened phone 1's practice: %d", code)
	}
	if code, _ := phones[0].do("GET", "/api/practice/"+ids[0], nil, nil); code != 200 {
		t.Fatalf("phone 0's own practice: %d", code)
	}
	// Ending one makes room.
	if code, _ := phones[0].do("POST", "/api/practice/"+ids[0]+"/end", nil, nil); code != 204 {
		t.Fatalf("end: %d", code)
	}
	// A bad body gives its place back (the third phone then gets it).
	if code, _ := (&client{t: t, h: h}).do("POST", "/api/practice", map[string]any{"pack": "nope"}, nil); code != 404 {
		t.Fatal(code)
	}
	if code, body := third.do("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, nil); code != 200 {
		t.Fatalf("after one ended: %d %s", code, body)
	}
	if n := k.phone.phones.Live(time.Now()); n != 2 {
		t.Fatalf("live phones: %d", n)
	}
}

// TestPhoneDoorRefusesKioskRoutes walks every route the kiosk door serves and
// that the phone door must not: each is a plain 404 there, with a session
// (claimed phone cookie) or without.
func TestPhoneDoorRefusesKioskRoutes(t *testing.T) {
	k := openPhoneKiosk(t, nil, nil)
	phoneRoutes := map[string]bool{}
	for _, r := range api.Routes(api.DoorPhone) {
		phoneRoutes[r] = true
	}
	c := &client{t: t, h: k.SiteHandler(api.DoorPhone)}
	var st api.PracticeStarted
	c.do("POST", "/api/practice", map[string]any{"pack": "khai-sinh"}, &st)
	n := 0
	for _, r := range api.Routes(api.DoorKiosk) {
		if phoneRoutes[r] {
			continue
		}
		n++
		method, pattern, _ := strings.Cut(r, " ")
		target := strings.NewReplacer("{id}", st.ID, "{pack}", "khai-sinh", "{token}", "x").Replace(pattern)
		target = regexp.MustCompile(`\{[a-z]+\}`).ReplaceAllString(target, "x")
		code, body := c.do(method, target, map[string]any{}, nil)
		// A path that also matches a phone practice route is an unknown practice there.
		if code != 404 || !strings.Contains(body, `"code":"not_found"`) && !strings.Contains(body, `"code":"practice_unknown"`) {
			t.Errorf("phone door: %s answered %d %s", r, code, body)
		}
	}
	if n < 5 {
		t.Fatalf("only %d kiosk-only routes walked", n)
	}
	// Security headers on the phone door's pages and answers.
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, httptest.NewRequest("GET", "/h/AAAAAAAAAAAAAAAAAAAAAA", nil))
	hdr := rec.Header()
	if rec.Code != 200 || !strings.Contains(hdr.Get("Content-Security-Policy"), "script-src 'self'") || hdr.Get("X-Frame-Options") != "DENY" ||
		hdr.Get("Referrer-Policy") != "no-referrer" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("/h/… page: %d %v", rec.Code, hdr)
	}
}

// TestServedQRCodesDecode decodes the PNGs the API serves, for all five kinds.
func TestServedQRCodesDecode(t *testing.T) {
	k := openPhoneKiosk(t, nil, nil)
	kc := &client{t: t, h: k.APIHandler(api.DoorKiosk)}
	id, _ := startAndAnswerTwo(t, k, kc)
	var offer api.HandoffOffer
	kc.do("POST", "/api/practice/"+id+"/handoff", nil, &offer)
	var attract api.AttractQR
	if code, body := kc.do("GET", "/api/handoff/attract", nil, &attract); code != 200 || attract.Phone == nil {
		t.Fatalf("attract: %d %s", code, body)
	}
	var pack api.PackQR
	if code, body := kc.do("GET", "/api/handoff/pack/khai-sinh", nil, &pack); code != 200 || pack.Service == nil {
		t.Fatalf("pack: %d %s", code, body)
	}
	p := k.snap.Load().Practice.Pack("khai-sinh", 0)
	checks := []struct {
		kind handoff.Kind
		qr   api.QRCode
		ok   func(string) bool
	}{
		{handoff.KindWiFi, *offer.WiFi, func(s string) bool {
			ssid, pass, sec, _, err := handoff.ParseWiFiPayload(s)
			return err == nil && ssid == "Wifi Mien Phi Phuong Ba Dinh" && pass == "doi-mat-khau-nay" && sec == handoff.WPA
		}},
		{handoff.KindContinue, offer.Continue, func(s string) bool { return strings.HasPrefix(s, "http://192.168.50.1:8080/h/") }},
		{handoff.KindChecklist, pack.Checklist, func(s string) bool {
			return strings.HasPrefix(s, p.Title.VI+"\n") && strings.Contains(s, p.Documents[0].VI) && strings.Contains(s, p.Service.URL) && strings.Contains(s, "luyện tập")
		}},
		{handoff.KindService, *pack.Service, func(s string) bool { return s == p.Service.URL }},
		{handoff.KindPhone, *attract.Phone, func(s string) bool { return s == "http://192.168.50.1:8080/?phone=1" }},
	}
	for _, c := range checks {
		got := decodeQR(t, c.qr.Image)
		if c.qr.Kind != c.kind || !c.ok(got) || c.qr.Text == "" {
			t.Errorf("%s (%s, printed %q): decoded %q", c.kind, c.qr.Kind, c.qr.Text, got)
		}
	}
	if attract.WiFi == nil {
		t.Error("the attract screen shows the Wi-Fi first when configured")
	}
}

func TestPhoneBase(t *testing.T) {
	ifaces := func(addrs ...string) Interfaces {
		return func() ([]net.Addr, error) {
			var out []net.Addr
			for _, a := range addrs {
				_, n, err := net.ParseCIDR(a)
				if err != nil {
					t.Fatal(err)
				}
				ip, _, _ := net.ParseCIDR(a)
				n.IP = ip
				out = append(out, n)
			}
			return out, nil
		}
	}
	tcp := func(s string) net.Addr { a, _ := net.ResolveTCPAddr("tcp", s); return a }
	tests := []struct {
		name, advertised string
		ln               net.Addr
		ifaces           Interfaces
		want, wantErr    string
	}{
		{"advertised wins", "http://kiosk.lan:8080/", tcp("0.0.0.0:8080"), ifaces(), "http://kiosk.lan:8080/", ""},
		{"advertised must be http", "ftp://x/", tcp("0.0.0.0:8080"), ifaces(), "", "http:// or https://"},
		{"a concrete listen address", "", tcp("192.168.1.5:8080"), ifaces(), "http://192.168.1.5:8080/", ""},
		{"loopback for tests", "", tcp("127.0.0.1:39999"), ifaces(), "http://127.0.0.1:39999/", ""},
		{"any address: first non-loopback IPv4", "", tcp("0.0.0.0:8080"),
			ifaces("127.0.0.1/8", "fe80::1/64", "169.254.3.3/16", "10.10.0.7/24", "192.168.1.5/24"), "http://10.10.0.7:8080/", ""},
		{"no usable interface", "", tcp("[::]:8080"), ifaces("127.0.0.1/8", "2001:db8::5/64"), "", "advertised_url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := phoneBase(tt.advertised, tt.ln, tt.ifaces)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, %v; want error %q", u, err, tt.wantErr)
				}
				return
			}
			if err != nil || u.String() != tt.want {
				t.Fatalf("got %v, %v; want %s", u, err, tt.want)
			}
		})
	}
	if _, err := phoneBase("", tcp("0.0.0.0:1"), func() ([]net.Addr, error) { return nil, errors.New("no") }); err == nil {
		t.Fatal("an interface error must surface")
	}
}

func FuzzPhoneBase(f *testing.F) {
	for _, s := range []string{"", "http://kiosk.lan:8080/", "https://x/", "ftp://x", "%zz", "http://", "javascript:alert(1)"} {
		f.Add(s)
	}
	ln, _ := net.ResolveTCPAddr("tcp", "10.0.0.5:8080")
	f.Fuzz(func(t *testing.T, advertised string) {
		u, err := phoneBase(advertised, ln, func() ([]net.Addr, error) { return nil, nil })
		if err != nil {
			return
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			t.Fatalf("phoneBase(%q) = %v", advertised, u)
		}
	})
}
