package collector

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"tramhocso/app/staff"
)

// Sign-in settings.
const (
	sessionCookie = "tramhocso_session"
	loginCookie   = "tramhocso_login" // the sign-in form's CSRF token (double submit)
	sessionTTL    = 8 * time.Hour
	// MinPasswordLen is the shortest console password (characters).
	MinPasswordLen = 12
)

// CheckAccountName says why name cannot be an account name, or nil: 3–64
// lower-case letters, digits, dots, dashes or underscores.
func CheckAccountName(name string) error {
	if len(name) < 3 || len(name) > 64 {
		return fmt.Errorf("an account name has 3 to 64 characters, %q has %d", name, len(name))
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return fmt.Errorf("account name %q: use lower-case letters, digits, '.', '-' and '_'", name)
		}
	}
	return nil
}

// CheckPassword says why pw cannot be a console password, or nil.
func CheckPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return errors.New("the password is not valid UTF-8")
	}
	if n := utf8.RuneCountInString(pw); n < MinPasswordLen {
		return fmt.Errorf("a password has at least %d characters, this one has %d", MinPasswordLen, n)
	}
	if len(pw) > 1024 {
		return errors.New("a password has at most 1024 bytes")
	}
	return nil
}

// HashPassword hashes a console password with argon2id in the PHC format
// app/staff uses for PINs ($argon2id$v=19$m=…,t=…,p=…$salt$hash), so that
// staff.ParseHash reads, bounds and verifies it.
func HashPassword(pw string, p staff.Params) (string, error) {
	if err := CheckPassword(pw); err != nil {
		return "", err
	}
	salt := make([]byte, p.SaltLen)
	if _, err := io.ReadFull(rand.Reader, salt); err != nil {
		return "", fmt.Errorf("reading a random salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	enc := base64.RawStdEncoding
	h := fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key))
	if _, err := staff.ParseHash(h); err != nil {
		return "", fmt.Errorf("hash parameters: %w", err)
	}
	return h, nil
}

// AddAccount creates or replaces an account.
func AddAccount(ctx context.Context, st Store, name, password string, scope Scope, p staff.Params, now time.Time) error {
	if err := CheckAccountName(name); err != nil {
		return err
	}
	if !scope.All && strings.TrimSpace(scope.Province) == "" {
		return errors.New("an account sees the whole country (--all), a province (--province) or communes of one province (--province and --commune)")
	}
	h, err := HashPassword(password, p)
	if err != nil {
		return err
	}
	return st.PutAccount(ctx, Account{Name: name, Hash: h, Scope: scope, Created: now.UTC()})
}

type viewerKey struct{}

// Viewer is the signed-in account a console request is served for.
type Viewer struct {
	Name  string
	Scope Scope
	CSRF  string
}

func withViewer(r *http.Request, v *Viewer) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), viewerKey{}, v))
}

// viewer is the request's signed-in account; the console's middleware has
// already refused requests without one, so a missing viewer sees nothing.
func viewer(r *http.Request) *Viewer {
	if v, ok := r.Context().Value(viewerKey{}).(*Viewer); ok {
		return v
	}
	return &Viewer{Scope: Scope{Province: "\x00none"}}
}

func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func hashID(id string) []byte {
	s := sha256.Sum256([]byte(id))
	return s[:]
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// secure: the browser reached us over TLS (directly, or through the
// trusted proxy that says so).
func (c *Collector) secure(r *http.Request) bool {
	return r.TLS != nil || (c.opts.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

// clientAddr is the address login throttling keys on.
func (c *Collector) clientAddr(r *http.Request) string {
	if c.opts.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1]) // the one our proxy appended
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (c *Collector) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: c.secure(r)})
}

// console wraps a console handler: no session → sign-in; POST without the
// session's CSRF token → 403; otherwise the account's current scope.
func (c *Collector) console(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w)
		v, err := c.session(r)
		if err != nil {
			c.log.Error("collector: reading the session", "error", err)
			http.Error(w, "Lỗi máy chủ / server error", http.StatusInternalServerError)
			return
		}
		if v == nil {
			next := r.URL.Path
			if r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			tok := r.Header.Get("X-CSRF-Token")
			if tok == "" {
				tok = r.PostFormValue("csrf")
			}
			if !sameToken(tok, v.CSRF) {
				http.Error(w, "Yêu cầu không hợp lệ (CSRF) / invalid request (CSRF token)", http.StatusForbidden)
				return
			}
		}
		h(w, withViewer(r, v))
	}
}

func (c *Collector) session(r *http.Request) (*Viewer, error) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return nil, nil
	}
	se, err := c.store.Session(r.Context(), hashID(ck.Value), c.now())
	if err != nil || se == nil {
		return nil, err
	}
	a, err := c.store.Account(r.Context(), se.Account)
	if err != nil || a == nil {
		return nil, err
	}
	return &Viewer{Name: a.Name, Scope: a.Scope, CSRF: se.CSRF}, nil
}

func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

// safeNext keeps the post-sign-in redirect on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.HasPrefix(next, "/login") {
		return "/fleet"
	}
	return next
}

func (c *Collector) loginPage(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w)
	c.renderLogin(w, r, http.StatusOK, "")
}

func (c *Collector) renderLogin(w http.ResponseWriter, r *http.Request, status int, problem string) {
	// Keep the browser's token when it has one: a second tab, or the
	// favicon request redirected here, must not invalidate the first form.
	tok := ""
	if ck, err := r.Cookie(loginCookie); err == nil && len(ck.Value) == 43 {
		tok = ck.Value
	} else {
		tok = randomToken()
	}
	c.setCookie(w, r, loginCookie, tok, 3600)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, "login", map[string]any{"CSRF": tok, "Next": safeNext(r.FormValue("next")), "Problem": problem}); err != nil {
		c.log.Error("collector: writing the sign-in page", "error", err)
	}
}

// dummyHash is verified against when the account does not exist, so that
// a wrong name takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() *staff.Hash {
	h, _ := HashPassword("not-a-password-anyone-has", staff.DefaultParams())
	p, _ := staff.ParseHash(h)
	return p
})

func (c *Collector) login(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w)
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	ck, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		c.renderLogin(w, r, http.StatusForbidden, "Phiên đăng nhập đã hết, hãy thử lại / The sign-in form expired, please try again.")
		return
	}
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("name")))
	pw := r.PostFormValue("password")
	keys := []string{"name:" + name, "addr:" + c.clientAddr(r)}
	if wait := c.throttle.wait(keys, c.now()); wait > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds())+1))
		c.renderLogin(w, r, http.StatusTooManyRequests, fmt.Sprintf("Sai quá nhiều lần, hãy đợi %s / Too many failed attempts, wait %s.", roundUp(wait), roundUp(wait)))
		return
	}
	a, err := c.store.Account(r.Context(), name)
	if err != nil {
		c.log.Error("collector: reading an account", "error", err)
		http.Error(w, "Lỗi máy chủ / server error", http.StatusInternalServerError)
		return
	}
	ok := false
	if a != nil {
		if h, err := staff.ParseHash(a.Hash); err == nil {
			ok = h.Verify(pw)
		}
	} else {
		dummyHash().Verify(pw)
	}
	if !ok {
		c.throttle.fail(keys, c.now())
		c.log.Warn("collector: failed sign-in", "known_account", a != nil)
		c.renderLogin(w, r, http.StatusUnauthorized, "Tên hoặc mật khẩu không đúng / Wrong name or password.")
		return
	}
	c.throttle.reset(keys[:1])
	id := randomToken()
	if err := c.store.CreateSession(r.Context(), Session{IDHash: hashID(id), Account: a.Name, CSRF: randomToken(), Expires: c.now().Add(sessionTTL)}); err != nil {
		c.log.Error("collector: creating a session", "error", err)
		http.Error(w, "Lỗi máy chủ / server error", http.StatusInternalServerError)
		return
	}
	c.setCookie(w, r, loginCookie, "", -1)
	c.setCookie(w, r, sessionCookie, id, int(sessionTTL/time.Second))
	c.log.Info("collector: signed in", "account", a.Name)
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

func (c *Collector) logout(w http.ResponseWriter, r *http.Request) {
	if ck, err := r.Cookie(sessionCookie); err == nil {
		if err := c.store.DeleteSession(r.Context(), hashID(ck.Value)); err != nil {
			c.log.Error("collector: signing out", "error", err)
		}
	}
	c.setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func roundUp(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Seconds())+1)
	}
	return fmt.Sprintf("%d min", int(d.Minutes())+1)
}

// throttle counts failed sign-ins per account name and per client address:
// five failures are free, then each further one locks that key for twice
// as long as the last (1 min, 2 min, … at most 1 h). A success clears the
// name's count. Per collector process: with several collectors behind a
// load balancer an attacker gets at most that many times the attempts.
type throttle struct {
	mu    sync.Mutex
	state map[string]*failures
}

type failures struct {
	n     int
	until time.Time
	last  time.Time
}

const (
	freeFailures = 5
	maxLock      = time.Hour
	maxThrottled = 100_000
)

func (t *throttle) wait(keys []string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var w time.Duration
	for _, k := range keys {
		if f := t.state[k]; f != nil && f.until.After(now) {
			w = max(w, f.until.Sub(now))
		}
	}
	return w
}

func (t *throttle) fail(keys []string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == nil {
		t.state = map[string]*failures{}
	}
	if len(t.state) > maxThrottled {
		for k, f := range t.state {
			if now.Sub(f.last) > 24*time.Hour || len(t.state) > maxThrottled {
				delete(t.state, k)
			}
		}
	}
	for _, k := range keys {
		f := t.state[k]
		if f == nil || now.Sub(f.last) > 24*time.Hour {
			f = &failures{}
			t.state[k] = f
		}
		f.n++
		f.last = now
		if f.n > freeFailures {
			f.until = now.Add(min(maxLock, time.Minute<<min(f.n-freeFailures-1, 10)))
		}
	}
}

func (t *throttle) reset(keys []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.state, k)
	}
}
