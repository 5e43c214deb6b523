package handoff

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	qrcode "github.com/skip2/go-qrcode"
)

// Kind is one of the five QR codes the kiosk shows.
type Kind string

const (
	KindWiFi      Kind = "wifi"      // join the touchpoint's Wi-Fi
	KindContinue  Kind = "continue"  // continue this session on the phone
	KindChecklist Kind = "checklist" // the checklist itself, as text
	KindService   Kind = "service"   // the real online service
	KindPhone     Kind = "phone"     // start a new practice on your own phone
)

// MaxChecklistBytes bounds the checklist text so its QR stays scannable by an
// ordinary phone camera at arm's length (version ≤ 25 at level M).
const MaxChecklistBytes = 900

// PNG renders content as a black-on-white QR code of size×size pixels with a
// quiet zone, at error-correction level M (a good trade between density and
// robustness for a screen).
func PNG(content string, size int) ([]byte, error) {
	if content == "" {
		return nil, errors.New("qr: nothing to encode")
	}
	if size < 128 || size > 2048 {
		return nil, fmt.Errorf("qr: size %d is outside 128–2048 pixels", size)
	}
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("qr: encoding %d bytes: %w", len(content), err)
	}
	png, err := q.PNG(size)
	if err != nil {
		return nil, fmt.Errorf("qr: drawing: %w", err)
	}
	return png, nil
}

// ContinueURL is the one-time link that moves a session to the phone.
func ContinueURL(base *url.URL, token string) string {
	u := *base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/h/" + token
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}

// PhoneURL opens the catalog on the phone to start a practice there.
func PhoneURL(base *url.URL) string {
	u := *base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/"
	u.RawQuery, u.Fragment = "phone=1", ""
	return u.String()
}

// ServiceURL checks that a pack's real-service link is an https URL before it
// goes into a QR code.
func ServiceURL(link string) (string, error) {
	u, err := url.Parse(link)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
		return "", fmt.Errorf("qr: the service link %q must be an https:// address", link)
	}
	return u.String(), nil
}

// Checklist is what a citizen takes home: what to bring and where to go.
type Checklist struct {
	Title     string   // the procedure
	Documents []string // documents to bring
	Where     string   // where to file (e.g. the ward's one-stop-shop)
	Link      string   // the real online service
	Heading   string   // "Giấy tờ cần mang:" in the current language
	Note      string   // a last line, e.g. "Trạm Học Số — bản luyện tập"
}

// Text renders the checklist as plain text for a QR code, dropping documents
// from the end (and saying how many) when it would not fit MaxChecklistBytes.
func (c Checklist) Text() string {
	render := func(docs []string, dropped int) string {
		var b strings.Builder
		b.WriteString(c.Title)
		b.WriteString("\n")
		if c.Heading != "" {
			b.WriteString(c.Heading)
			b.WriteString("\n")
		}
		for _, d := range docs {
			b.WriteString("- ")
			b.WriteString(d)
			b.WriteString("\n")
		}
		if dropped > 0 {
			fmt.Fprintf(&b, "- (+%d)\n", dropped)
		}
		if c.Where != "" {
			b.WriteString(c.Where)
			b.WriteString("\n")
		}
		if c.Link != "" {
			b.WriteString(c.Link)
			b.WriteString("\n")
		}
		b.WriteString(c.Note)
		return strings.TrimRight(b.String(), "\n")
	}
	docs := c.Documents
	for n := len(docs); n >= 0; n-- {
		s := render(docs[:n], len(docs)-n)
		if len(s) <= MaxChecklistBytes {
			return s
		}
	}
	// Even the title and link do not fit: cut on a rune boundary.
	s := render(nil, len(docs))
	for len(s) > MaxChecklistBytes {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
