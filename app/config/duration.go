package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Duration is a time.Duration written in kiosk.yaml as Go does (90s, 5m,
// 1h30m) plus whole days (90d), which time.ParseDuration lacks and which IT
// staff need for the statistics outbox (hand-written for that one suffix).
type Duration time.Duration

var daysRE = regexp.MustCompile(`^([0-9]+)d`)

// ParseDuration reads "90s", "1h30m", "90d", "2d12h" or "0".
func ParseDuration(s string) (Duration, error) {
	var days int64
	rest := s
	if m := daysRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[1], 10, 32)
		if err != nil || n > 36500 {
			return 0, fmt.Errorf("%q: too many days", s)
		}
		days, rest = n, strings.TrimPrefix(s, m[0])
	}
	var d time.Duration
	if rest != "" {
		var err error
		if d, err = time.ParseDuration(rest); err != nil || d < 0 {
			return 0, fmt.Errorf("%q is not a duration such as 90s, 5m, 1h or 90d", s)
		}
	} else if days == 0 && s != "0" {
		return 0, fmt.Errorf("%q is not a duration such as 90s, 5m, 1h or 90d", s)
	}
	return Duration(time.Duration(days)*24*time.Hour + d), nil
}

// D is the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String writes whole days as "Nd", the rest as time.Duration does.
func (d Duration) String() string {
	td := time.Duration(d)
	if td >= 24*time.Hour && td%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", td/(24*time.Hour))
	}
	out := td.String()
	if strings.HasSuffix(out, "m0s") {
		out = strings.TrimSuffix(out, "0s")
	}
	if strings.HasSuffix(out, "h0m") {
		out = strings.TrimSuffix(out, "0m")
	}
	return out
}

// UnmarshalYAML reads a duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := ParseDuration(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes the String form (JSON and YAML output).
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
