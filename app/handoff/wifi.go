package handoff

import (
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Security is the Wi-Fi authentication type in a WIFI: payload.
type Security string

const (
	WPA    Security = "WPA" // WPA/WPA2/WPA3 personal
	WEP    Security = "WEP"
	NoPass Security = "nopass" // open network
)

var hexRE = regexp.MustCompile(`^[0-9A-Fa-f]+$`)

// escapeWiFi escapes the characters the ZXing WIFI: format reserves
// (backslash, semicolon, comma, double quote, colon) with a backslash.
func escapeWiFi(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', ';', ',', '"', ':':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quoteIfHex wraps a value that a reader could take for hexadecimal in double
// quotes, so "CAFE1234" stays the text CAFE1234 and is not read as bytes.
func quoteIfHex(s string) string {
	if hexRE.MatchString(s) {
		return `"` + s + `"`
	}
	return escapeWiFi(s)
}

// WiFiPayload builds the text of a QR code that joins a Wi-Fi network.
func WiFiPayload(ssid, password string, sec Security, hidden bool) (string, error) {
	if ssid == "" {
		return "", errors.New("wifi: the network name (SSID) is empty")
	}
	if !utf8.ValidString(ssid) || !utf8.ValidString(password) {
		return "", errors.New("wifi: the network name and password must be valid UTF-8 text")
	}
	if len(ssid) > 32 {
		return "", errors.New("wifi: the network name (SSID) is longer than 32 bytes")
	}
	switch sec {
	case WPA:
		if n := len(password); n < 8 || n > 63 {
			return "", errors.New("wifi: a WPA password has 8 to 63 characters")
		}
	case WEP:
		if password == "" {
			return "", errors.New("wifi: a WEP network needs a password")
		}
	case NoPass:
		if password != "" {
			return "", errors.New("wifi: an open network (nopass) has no password")
		}
	default:
		return "", errors.New("wifi: security must be WPA, WEP or nopass")
	}
	var b strings.Builder
	b.WriteString("WIFI:T:")
	b.WriteString(string(sec))
	b.WriteString(";S:")
	b.WriteString(quoteIfHex(ssid))
	b.WriteString(";")
	if sec != NoPass {
		b.WriteString("P:")
		b.WriteString(quoteIfHex(password))
		b.WriteString(";")
	}
	if hidden {
		b.WriteString("H:true;")
	}
	b.WriteString(";")
	return b.String(), nil
}

// ParseWiFiPayload reads a WIFI: payload back (used by tests and by `doctor`
// to check what a kiosk advertises). It undoes escaping and hex quoting.
func ParseWiFiPayload(p string) (ssid, password string, sec Security, hidden bool, err error) {
	rest, ok := strings.CutPrefix(p, "WIFI:")
	if !ok || !strings.HasSuffix(rest, ";;") {
		return "", "", "", false, errors.New("wifi: not a WIFI: payload")
	}
	fields := map[string]string{}
	var key, val strings.Builder
	inKey, quoted, escaped := true, false, false
	for _, r := range rest {
		switch {
		case escaped:
			val.WriteRune(r)
			escaped = false
		case inKey && r == ':':
			inKey = false
		case inKey:
			key.WriteRune(r)
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == ';' && !quoted:
			if key.Len() > 0 {
				fields[key.String()] = val.String()
			}
			key.Reset()
			val.Reset()
			inKey = true
		default:
			val.WriteRune(r)
		}
	}
	if escaped || quoted {
		return "", "", "", false, errors.New("wifi: unterminated escape or quote")
	}
	return fields["S"], fields["P"], Security(fields["T"]), fields["H"] == "true", nil
}
