package vnformat

import (
	"net/mail"
	"strings"
)

// NormalizeEmail checks an email address and returns it with surrounding
// white space removed and the domain in lower case (the local part is kept as
// typed: only the receiving server may fold its case).
//
// The address is parsed with net/mail.ParseAddress (RFC 5322) and must then
// also be "sane" for a citizen's form: plain ASCII, exactly one @, nothing but
// the bare address (no display name, no <brackets>, no quotes or comments),
// and a domain of at least two dot-separated labels of letters, digits and
// inner hyphens. Codes, in the order checked: email.empty, email.non_ascii,
// email.at, email.display_name, email.format, email.domain.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fail(CodeEmailEmpty)
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return "", fail(CodeEmailNonASCII)
		}
	}
	if strings.Count(s, "@") != 1 {
		return "", fail(CodeEmailAt)
	}
	addr, err := mail.ParseAddress(s)
	if err != nil {
		if strings.ContainsAny(s, "<>") {
			return "", fail(CodeEmailDisplayName)
		}
		return "", fail(CodeEmailFormat)
	}
	if addr.Name != "" || strings.ContainsAny(s, "<>") {
		return "", fail(CodeEmailDisplayName)
	}
	if addr.Address != s {
		// ParseAddress accepted something beyond a bare dot-atom address:
		// a quoted local part, a comment, folding white space...
		return "", fail(CodeEmailFormat)
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], strings.ToLower(s[at+1:])
	if !saneDomain(domain) {
		return "", fail(CodeEmailDomain)
	}
	return local + "@" + domain, nil
}

func saneDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
