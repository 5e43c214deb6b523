package api

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"tramhocso/app/handoff"
	"tramhocso/app/practice"
)

// Handoff moves practices from the kiosk to citizens' phones (implemented
// by the kiosk over bbolt: app/kiosk/phone.go). Deps.Handoff nil means no
// phone door: the hand-off routes answer 503 and the phone door binds no
// practice (every practice id is unknown there).
type Handoff interface {
	// Base is the address phones use to reach the phone door; ok is false
	// when the kiosk has none.
	Base() (base *url.URL, ok bool)
	// Offer issues a one-time code for practice id, replacing its previous
	// one (the QR on screen rotates). The practice must be live on the kiosk.
	Offer(ctx context.Context, practiceID string) (token string, expires time.Time, err error)
	// Moved reports whether practice id was claimed by a phone.
	Moved(ctx context.Context, practiceID string) (bool, error)
	// Claim spends token for client and moves its practice to the phone,
	// binding a new phone cookie to it, in one transaction. Errors wrap
	// handoff.ErrUnknown, ErrUsed, ErrExpired, ErrBusy or ErrRateLimited.
	Claim(ctx context.Context, client netip.Addr, token string) (practiceID, cookie string, err error)
	// StartPhone reserves a place for one more phone (handoff.ErrBusy when
	// full), runs create, and binds a new phone cookie to what it made.
	StartPhone(ctx context.Context, create func(context.Context) (practiceID string, err error)) (cookie string, err error)
	// PhoneSession is the live practice a phone cookie is bound to.
	PhoneSession(ctx context.Context, cookie string) (practiceID string, ok bool)
}

// PhoneCookie names the cookie that binds a phone to its one practice.
const PhoneCookie = "ths_phone"

// QRSize is the side of the QR images in pixels (the screen scales them up
// with crisp edges).
const QRSize = 360

func (s *Server) handoffRoutes() []route {
	kiosk, phone, both := []Door{DoorKiosk}, []Door{DoorPhone}, []Door{DoorKiosk, DoorPhone}
	return []route{
		{http.MethodPost, "/api/practice/{id}/handoff", kiosk, s.handoffOffer},
		{http.MethodGet, "/api/practice/{id}/handoff", kiosk, s.handoffStatus},
		{http.MethodGet, "/api/handoff/pack/{pack}", kiosk, s.handoffPackQR},
		{http.MethodGet, "/api/handoff/attract", kiosk, s.handoffAttract},
		{http.MethodGet, "/api/handoff/mine", both, s.handoffMine},
		{http.MethodPost, "/api/handoff/claim", phone, s.handoffClaim},
		{http.MethodPost, "/api/practice", phone, s.phoneStart},
	}
}

// QRCode is one QR image with what is printed under it.
type QRCode struct {
	Kind  handoff.Kind `json:"kind"`
	Image string       `json:"image"` // data:image/png;base64,…
	Text  string       `json:"text"`  // the short URL (or network name) printed under it
}

// HandoffOffer answers POST /api/practice/{id}/handoff.
type HandoffOffer struct {
	Continue QRCode    `json:"continue"`
	WiFi     *QRCode   `json:"wifi,omitempty"` // shown first: the phone must join this network
	Expires  time.Time `json:"expires"`
	// RenewInS is when the screen should ask for a fresh code (seconds).
	RenewInS int `json:"renew_in_s"`
}

// HandoffStatus answers GET /api/practice/{id}/handoff.
type HandoffStatus struct {
	Moved bool `json:"moved"`
}

// PackQR answers GET /api/handoff/pack/{pack}: what the finish screen offers.
type PackQR struct {
	Checklist QRCode  `json:"checklist"`
	Service   *QRCode `json:"service,omitempty"`
}

// AttractQR answers GET /api/handoff/attract: "practise on your own phone".
type AttractQR struct {
	Phone *QRCode `json:"phone"`
	WiFi  *QRCode `json:"wifi,omitempty"`
}

// HandoffMine answers GET /api/handoff/mine: which door this is and, on the
// phone, the practice this phone holds (after a reload).
type HandoffMine struct {
	Door     Door             `json:"door"`
	Practice *PracticeStarted `json:"practice"`
}

// HandoffClaim is the body of POST /api/handoff/claim.
type HandoffClaim struct {
	Token string `json:"token"`
}

func errHandoffOff() *Error {
	return Errorf(http.StatusServiceUnavailable, "handoff_off",
		"Trạm này chưa bật chức năng chuyển sang điện thoại. Vui lòng gọi cán bộ hỗ trợ.",
		"This kiosk has no phone hand-off. Please ask the staff.")
}

func errMoved() *Error {
	return Errorf(http.StatusGone, "practice_moved",
		"Bài luyện tập này đã chuyển sang điện thoại. Hãy tiếp tục trên điện thoại, hoặc bắt đầu bài mới tại trạm.",
		"This practice has moved to a phone. Carry on there, or start a new one at the kiosk.")
}

// handoffError turns the hand-off package's errors into pages the citizen
// understands, each with what to do next.
func handoffError(err error) error {
	switch {
	case errors.Is(err, handoff.ErrUnknown):
		return Errorf(http.StatusNotFound, "handoff_unknown",
			"Không nhận ra mã này. Hãy quét lại mã QR đang hiện trên màn hình của trạm.",
			"This code is not recognised. Scan the QR code on the kiosk's screen again.")
	case errors.Is(err, handoff.ErrUsed):
		return Errorf(http.StatusGone, "handoff_used",
			"Mã này đã được dùng. Mỗi mã chỉ dùng được một lần: hãy tiếp tục trên điện thoại đã quét trước, hoặc bắt đầu bài mới.",
			"This code has already been used. Each code works once: carry on on the phone that scanned it, or start a new practice.")
	case errors.Is(err, handoff.ErrExpired):
		return Errorf(http.StatusGone, "handoff_expired",
			"Mã này đã hết hạn. Hãy bấm \"Tiếp tục trên điện thoại\" ở trạm để hiện mã mới rồi quét lại.",
			"This code has expired. Press \"Continue on your phone\" at the kiosk for a new code and scan it again.")
	case errors.Is(err, handoff.ErrBusy):
		return Errorf(http.StatusServiceUnavailable, "phone_busy",
			"Trạm đang bận: nhiều người đang luyện tập trên điện thoại. Vui lòng thử lại sau một phút.",
			"The kiosk is busy: many people are practising on their phones. Please try again in a minute.")
	case errors.Is(err, handoff.ErrRateLimited):
		return Errorf(http.StatusTooManyRequests, "handoff_slow_down",
			"Bạn đã thử quá nhiều mã. Vui lòng đợi một phút rồi quét lại mã QR trên màn hình.",
			"Too many codes tried. Please wait a minute, then scan the QR code on the screen again.")
	}
	return err
}

func qrImage(kind handoff.Kind, content, text string) (*QRCode, error) {
	png, err := handoff.PNG(content, QRSize)
	if err != nil {
		return nil, fmt.Errorf("drawing the %s QR code: %w", kind, err)
	}
	return &QRCode{Kind: kind, Image: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png), Text: text}, nil
}

// shortURL is a URL as printed under its QR code: no scheme, no trailing slash.
func shortURL(u string) string {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	return strings.TrimSuffix(u, "/")
}

// wifiQR is the "join the Wi-Fi" code when the configuration has a network.
func (s *Server) wifiQR() (*QRCode, error) {
	snap := s.deps.Snapshot()
	if snap == nil || snap.Config == nil || snap.Config.Handoff.WiFi == nil {
		return nil, nil
	}
	w := snap.Config.Handoff.WiFi
	payload, err := handoff.WiFiPayload(w.SSID, w.Password, handoff.Security(w.Security), false)
	if err != nil {
		return nil, fmt.Errorf("the configured Wi-Fi: %w", err)
	}
	return qrImage(handoff.KindWiFi, payload, w.SSID)
}

func (s *Server) handoffOffer(r *http.Request, _ http.ResponseWriter) (any, error) {
	ho := s.deps.Handoff
	if ho == nil {
		return nil, errHandoffOff()
	}
	base, ok := ho.Base()
	if !ok {
		return nil, errHandoffOff()
	}
	id, _, _, err := s.load(r)
	if err != nil {
		return nil, err
	}
	token, expires, err := ho.Offer(r.Context(), id)
	if errors.Is(err, ErrPracticeNotFound) {
		return nil, errPracticeUnknown()
	}
	if err != nil {
		return nil, fmt.Errorf("offering a hand-off: %w", err)
	}
	link := handoff.ContinueURL(base, token)
	cont, err := qrImage(handoff.KindContinue, link, shortURL(link))
	if err != nil {
		return nil, err
	}
	wifi, err := s.wifiQR()
	if err != nil {
		return nil, err
	}
	ttl := expires.Sub(s.deps.Now())
	renew := int((ttl - ttl/4).Seconds()) // ask again at three quarters of its life
	return HandoffOffer{Continue: *cont, WiFi: wifi, Expires: expires, RenewInS: max(renew, 5)}, nil
}

func (s *Server) handoffStatus(r *http.Request, _ http.ResponseWriter) (any, error) {
	ho := s.deps.Handoff
	if ho == nil {
		return HandoffStatus{}, nil
	}
	id := r.PathValue("id")
	if !practiceIDRE.MatchString(id) {
		return nil, errPracticeUnknown()
	}
	moved, err := ho.Moved(r.Context(), id)
	if errors.Is(err, ErrPracticeNotFound) {
		return nil, errPracticeUnknown()
	}
	if err != nil {
		return nil, fmt.Errorf("checking a hand-off: %w", err)
	}
	return HandoffStatus{Moved: moved}, nil
}

// checklist is the text the checklist QR carries for pack p.
func checklist(p *practice.Pack, site, service, lang string) string {
	pick := func(t practice.Text) string {
		if lang == "en" && t.EN != "" {
			return t.EN
		}
		return t.VI
	}
	c := handoff.Checklist{Title: pick(p.Title), Link: service}
	for _, d := range p.Documents {
		c.Documents = append(c.Documents, pick(d))
	}
	// A site name that already says where it is ("Bộ phận Một cửa phường Ba
	// Đình") is not prefixed again ("bộ phận một cửa Bộ phận Một cửa…").
	named := strings.Contains(strings.ToLower(site), "một cửa")
	if lang == "en" {
		c.Heading = "Documents to bring:"
		c.Note = "Trạm Học Số — practice only; file on the real service or at the office."
		switch {
		case site != "" && named:
			c.Where = "Where to file: " + site + ", or online:"
		case site != "":
			c.Where = "Where to file: the one-stop-shop desk, " + site + ", or online:"
		}
	} else {
		c.Heading = "Giấy tờ cần mang:"
		c.Note = "Trạm Học Số — đây là bản luyện tập; nộp thật trên cổng dịch vụ công hoặc tại bộ phận một cửa."
		switch {
		case site != "" && named:
			c.Where = "Nơi nộp: " + site + ", hoặc trực tuyến:"
		case site != "":
			c.Where = "Nơi nộp: bộ phận một cửa " + site + ", hoặc trực tuyến:"
		}
	}
	return c.Text()
}

func (s *Server) handoffPackQR(r *http.Request, _ http.ResponseWriter) (any, error) {
	snap := s.deps.Snapshot()
	if snap.Practice == nil {
		return nil, errNoPractice()
	}
	p := snap.Practice.Pack(r.PathValue("pack"), 0)
	if p == nil {
		return nil, Errorf(http.StatusNotFound, "pack_unknown", "Không có bài luyện tập này.", "There is no such practice.")
	}
	var out PackQR
	service, err := handoff.ServiceURL(p.Service.URL)
	if err == nil {
		q, err := qrImage(handoff.KindService, service, shortURL(service))
		if err != nil {
			return nil, err
		}
		out.Service = q
	} else {
		service = "" // a pack without an https link still gets its checklist
	}
	text := checklist(p, snap.SiteName, service, Lang(r))
	q, err := qrImage(handoff.KindChecklist, text, shortURL(service))
	if err != nil {
		return nil, err
	}
	out.Checklist = *q
	return out, nil
}

func (s *Server) handoffAttract(*http.Request, http.ResponseWriter) (any, error) {
	ho := s.deps.Handoff
	if ho == nil {
		return AttractQR{}, nil
	}
	base, ok := ho.Base()
	if !ok {
		return AttractQR{}, nil
	}
	link := handoff.PhoneURL(base)
	phone, err := qrImage(handoff.KindPhone, link, shortURL(strings.TrimSuffix(link, "?phone=1")))
	if err != nil {
		return nil, err
	}
	wifi, err := s.wifiQR()
	if err != nil {
		return nil, err
	}
	return AttractQR{Phone: phone, WiFi: wifi}, nil
}

func phoneCookie(r *http.Request) string {
	c, err := r.Cookie(PhoneCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

func setPhoneCookie(w http.ResponseWriter, value string) {
	http.SetCookie(w, &http.Cookie{
		Name: PhoneCookie, Value: value, Path: "/api/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode,
	})
}

// viewOf is the current view of practice id.
func (s *Server) viewOf(ctx context.Context, id string) (*PracticeStarted, error) {
	pr, err := s.deps.Practices.Load(ctx, id)
	if errors.Is(err, ErrPracticeNotFound) {
		return nil, errPracticeUnknown()
	}
	if err != nil {
		return nil, fmt.Errorf("loading a practice: %w", err)
	}
	p := s.deps.Snapshot().Practice.Pack(pr.Pack, pr.Version)
	if p == nil {
		return nil, errPracticeUnknown()
	}
	v, err := p.View(pr, s.deps.Now())
	if err != nil {
		return nil, errPractice(err)
	}
	return &PracticeStarted{ID: id, View: v}, nil
}

func (s *Server) handoffMine(r *http.Request, _ http.ResponseWriter) (any, error) {
	door := DoorFrom(r.Context())
	out := HandoffMine{Door: door}
	if door != DoorPhone || s.deps.Handoff == nil {
		return out, nil
	}
	id, ok := s.deps.Handoff.PhoneSession(r.Context(), phoneCookie(r))
	if !ok {
		return out, nil
	}
	v, err := s.viewOf(r.Context(), id)
	if err != nil {
		return out, nil // it ended meanwhile: the phone starts afresh
	}
	out.Practice = v
	return out, nil
}

func clientAddr(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.IPv4Unspecified() // every unknown client shares one budget
	}
	return ap.Addr()
}

func (s *Server) handoffClaim(r *http.Request, w http.ResponseWriter) (any, error) {
	ho := s.deps.Handoff
	if ho == nil {
		return nil, errHandoffOff()
	}
	var in HandoffClaim
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	id, cookie, err := ho.Claim(r.Context(), clientAddr(r), in.Token)
	if err != nil {
		return nil, handoffError(err)
	}
	setPhoneCookie(w, cookie)
	v, err := s.viewOf(r.Context(), id)
	if err != nil {
		return nil, err
	}
	s.deps.Logger.Info("practice handed off to a phone")
	return v, nil
}

// phoneStart is POST /api/practice on the phone door: a place among the
// phones, then the practice, then the cookie that binds it to this phone.
func (s *Server) phoneStart(r *http.Request, w http.ResponseWriter) (any, error) {
	ho := s.deps.Handoff
	if ho == nil {
		return s.practiceStart(r, w)
	}
	var out any
	cookie, err := ho.StartPhone(r.Context(), func(ctx context.Context) (string, error) {
		v, err := s.practiceStart(r.WithContext(ctx), w)
		if err != nil {
			return "", err
		}
		out = v
		return v.(PracticeStarted).ID, nil
	})
	if err != nil {
		return nil, handoffError(err)
	}
	setPhoneCookie(w, cookie)
	return out, nil
}

// guard runs before every route. On the phone door a practice route works
// only for the practice bound to the phone's cookie (any other id is
// unknown: 404); on the kiosk door a practice that moved to a phone can no
// longer be changed from the kiosk (410), except for asking whether it moved.
func (s *Server) guard(door Door, r *http.Request) error {
	if !strings.HasPrefix(r.Pattern, "/api/practice/{id}") {
		return nil
	}
	id := r.PathValue("id")
	ho := s.deps.Handoff
	switch door {
	case DoorPhone:
		if ho == nil {
			return errPracticeUnknown()
		}
		mine, ok := ho.PhoneSession(r.Context(), phoneCookie(r))
		if !ok || mine != id {
			return errPracticeUnknown()
		}
	case DoorKiosk:
		if ho == nil || r.Pattern == "/api/practice/{id}/handoff" || !practiceIDRE.MatchString(id) {
			return nil
		}
		if moved, err := ho.Moved(r.Context(), id); err == nil && moved {
			return errMoved()
		}
	}
	return nil
}
