package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"path"
	"reflect"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
	"tramhocso/app/staff"
	"tramhocso/app/yamlfile"
)

// FileName is the main configuration file inside a kiosk-config directory.
const FileName = "kiosk.yaml"

// CurrentVersion is the kiosk.yaml format this build writes. Older versions
// are upgraded in memory when read (see migrate.go).
const CurrentVersion = len(migrations) + 1

// Config is the parsed kiosk.yaml, with every default filled in.
type Config struct {
	Version     int        `yaml:"version" json:"version"`
	Kiosk       Kiosk      `yaml:"kiosk" json:"kiosk"`
	Site        Site       `yaml:"site" json:"site"`
	Languages   []string   `yaml:"languages" json:"languages"` // vi first when present
	TextSize    string     `yaml:"text_size" json:"text_size"` // normal | large | largest
	Idle        Idle       `yaml:"idle" json:"idle"`
	Handoff     Handoff    `yaml:"handoff" json:"handoff"`
	Statistics  Statistics `yaml:"statistics" json:"statistics"`
	Staff       Staff      `yaml:"staff" json:"-"`
	Branding    Branding   `yaml:"branding" json:"branding"`
	PracticeDir string     `yaml:"practice_dir" json:"practice_dir"` // relative to the config directory
	PlacesDir   string     `yaml:"places_dir" json:"places_dir"`     // relative to the config directory

	// Notes are things worth telling the person who wrote the file that are
	// not errors (the file was written for an older version, …).
	Notes []string `yaml:"-" json:"notes,omitempty"`
}

// Kiosk identifies this appliance.
type Kiosk struct {
	ID     string `yaml:"id" json:"id"`
	Window Window `yaml:"window" json:"window"`
}

// Window is kiosk.window: pointer and WebKit workarounds for this PC. Its
// fields match kiosk.WindowSettings, which checks them further (the env
// names) and converts with kiosk.WindowSettings(cfg.Kiosk.Window).
type Window struct {
	HidePointer bool              `yaml:"hide_pointer" json:"hide_pointer"`
	GPU         string            `yaml:"gpu" json:"gpu"`
	Env         map[string]string `yaml:"env" json:"env"`
}

// Site is where the kiosk stands.
type Site struct {
	Name     string `yaml:"name" json:"name"`
	Province string `yaml:"province" json:"province"`
	Commune  string `yaml:"commune" json:"commune"`
}

// Idle is the privacy reset after nobody touches the screen.
type Idle struct {
	Timeout   Duration `yaml:"timeout" json:"timeout"`       // until "Bạn còn đang sử dụng không?"
	Countdown Duration `yaml:"countdown" json:"countdown"`   // the dialog's countdown before the reset
	TipsAfter Duration `yaml:"tips_after" json:"tips_after"` // attract screen starts rotating tips; 0 = never
	// ResumeWindow: after a crash or restart, a practice touched this
	// recently is offered again ("Tiếp tục bài đang làm?").
	ResumeWindow Duration `yaml:"resume_window" json:"resume_window"`
}

// Handoff is the phone door on the touchpoint's network.
type Handoff struct {
	Listen           string   `yaml:"listen" json:"listen"`                 // host:port; "" = phone door off
	AdvertisedURL    string   `yaml:"advertised_url" json:"advertised_url"` // "" = from the interface
	TokenTTL         Duration `yaml:"token_ttl" json:"token_ttl"`
	PhoneIdle        Duration `yaml:"phone_idle" json:"phone_idle"`
	MaxPhoneSessions int      `yaml:"max_phone_sessions" json:"max_phone_sessions"`
	WiFi             *WiFi    `yaml:"wifi" json:"wifi,omitempty"` // nil = no "join the Wi-Fi" QR
}

// WiFi is the touchpoint network that phones join first.
type WiFi struct {
	SSID     string `yaml:"ssid" json:"ssid"`
	Password string `yaml:"password" json:"-"`
	Security string `yaml:"security" json:"security"` // WPA | WEP | nopass
}

// Statistics is where the anonymous batches go.
type Statistics struct {
	Endpoint string   `yaml:"endpoint" json:"endpoint"` // "" = keep counting, never upload
	KeyFile  string   `yaml:"key_file" json:"key_file"` // relative to the config directory
	Period   Duration `yaml:"period" json:"period"`
	Outbox   Outbox   `yaml:"outbox" json:"outbox"`
}

// Outbox bounds the batches waiting for upload.
type Outbox struct {
	MaxMB  int      `yaml:"max_mb" json:"max_mb"`
	MaxAge Duration `yaml:"max_age" json:"max_age"`
}

// Staff holds what unlocks staff mode.
type Staff struct {
	PINHash string `yaml:"pin_hash" json:"-"` // argon2id PHC string; "" = staff mode cannot be opened
	// HelpSound: the kiosk plays a soft chime when a citizen calls for help.
	HelpSound bool `yaml:"help_sound" json:"-"`
}

// Branding is what the attract screen shows.
type Branding struct {
	Name string `yaml:"name" json:"name"`
	Logo string `yaml:"logo" json:"logo"` // relative to the config directory; "" = none
}

// Defaults for fields kiosk.yaml leaves out.
const (
	DefaultTextSize         = "normal"
	DefaultIdleTimeout      = 90 * time.Second
	DefaultIdleCountdown    = 20 * time.Second
	DefaultTipsAfter        = 5 * time.Minute
	DefaultResumeWindow     = 10 * time.Minute
	DefaultTokenTTL         = 3 * time.Minute
	DefaultPhoneIdle        = 10 * time.Minute
	DefaultMaxPhoneSessions = 50
	DefaultStatsPeriod      = time.Hour
	DefaultOutboxMB         = 64
	DefaultOutboxMaxAge     = 90 * 24 * time.Hour
	DefaultBrandingName     = "Trạm Học Số"
	DefaultPracticeDir      = "practice"
	DefaultPlacesDir        = "places"
	maxLogoBytes            = 1 << 20
)

// SupportedLanguages are the UI languages the frontend has catalogs for.
var SupportedLanguages = []string{"vi", "en"}

// RestartOnly lists the settings (dotted paths) that a live reload cannot
// apply: the listeners are opened once at start.
func RestartOnly(old, new *Config) []string {
	var out []string
	if old.Kiosk.ID != new.Kiosk.ID {
		out = append(out, "kiosk.id") // statistics batches carry the id they were sealed with
	}
	if !reflect.DeepEqual(old.Kiosk.Window, new.Kiosk.Window) {
		out = append(out, "kiosk.window") // WebKit reads its settings once, at start
	}
	if old.Site.Province != new.Site.Province {
		out = append(out, "site.province") // statistics identity
	}
	if old.Site.Commune != new.Site.Commune {
		out = append(out, "site.commune") // statistics identity
	}
	if old.Handoff.Listen != new.Handoff.Listen {
		out = append(out, "handoff.listen")
	}
	return out
}

// Load reads and checks kiosk.yaml from fsys, including that the files it
// names exist. The error, when not nil, is a problems.List naming every
// problem found.
func Load(fsys fs.FS) (*Config, error) {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, problems.List{{File: FileName, Msg: "file not found", Fix: "every kiosk-config directory needs a kiosk.yaml; `tramhocso init-config DIR` writes one"}}
		}
		return nil, fmt.Errorf("reading %s: %w", FileName, err)
	}
	c, root, probs := parse(data)
	if c != nil {
		probs = append(probs, c.checkFiles(fsys, root)...)
	}
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Parse checks the contents of a kiosk.yaml on its own (without looking at
// the files it names).
func Parse(data []byte) (*Config, error) {
	c, _, probs := parse(data)
	if err := probs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// parse returns the config (nil when any problem was found) and the
// migrated node tree for line numbers.
func parse(data []byte) (*Config, *yaml.Node, problems.List) {
	var generic any
	root, probs := yamlfile.Decode(FileName, data, &generic)
	if root == nil || len(probs) > 0 {
		return nil, root, probs
	}
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if doc.Kind != yaml.MappingNode {
		probs.Add(FileName, doc.Line, "", "kiosk.yaml must be a set of fields (version:, kiosk:, site:, …)", "start from the sample: `tramhocso init-config DIR`")
		return nil, root, probs
	}
	add := func(path, msg, fix string) { probs.Add(FileName, yamlfile.Line(root, path), path, msg, fix) }
	vn := mapValue(doc, "version")
	version, err := strconv.Atoi(nodeValue(vn))
	switch {
	case vn == nil:
		add("version", "missing", fmt.Sprintf("add `version: %d` at the top", CurrentVersion))
		return nil, root, probs
	case err != nil || vn.ShortTag() != "!!int":
		add("version", fmt.Sprintf("%q is not a version number", vn.Value), fmt.Sprintf("use `version: %d`", CurrentVersion))
		return nil, root, probs
	case version > CurrentVersion:
		add("version", fmt.Sprintf("version %d is newer than this program understands (%d)", version, CurrentVersion), "update Trạm Học Số, or use a config written for this version")
		return nil, root, probs
	case version < 1:
		add("version", fmt.Sprintf("version %d does not exist", version), fmt.Sprintf("use `version: %d`", CurrentVersion))
		return nil, root, probs
	}
	notes := migrate(doc, version)
	if probs = validateSchema(FileName, root); len(probs) > 0 {
		return nil, root, probs
	}
	var c Config
	if err := doc.Decode(&c); err != nil {
		// The schema admits only what decodes; this is a bug, but say where.
		probs = append(probs, problems.From(FileName, err)...)
		return nil, root, probs
	}
	c.Notes = notes
	c.setDefaults()
	probs = append(probs, c.check(root)...)
	if len(probs) > 0 {
		return nil, root, probs
	}
	return &c, root, nil
}

func nodeValue(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

func (c *Config) setDefaults() {
	def := func(d *Duration, v time.Duration, set bool) {
		if !set {
			*d = Duration(v)
		}
	}
	if len(c.Languages) == 0 {
		c.Languages = append([]string(nil), SupportedLanguages...)
	}
	if c.TextSize == "" {
		c.TextSize = DefaultTextSize
	}
	def(&c.Idle.Timeout, DefaultIdleTimeout, c.Idle.Timeout != 0)
	def(&c.Idle.Countdown, DefaultIdleCountdown, c.Idle.Countdown != 0)
	def(&c.Idle.ResumeWindow, DefaultResumeWindow, c.Idle.ResumeWindow != 0)
	def(&c.Handoff.TokenTTL, DefaultTokenTTL, c.Handoff.TokenTTL != 0)
	def(&c.Handoff.PhoneIdle, DefaultPhoneIdle, c.Handoff.PhoneIdle != 0)
	def(&c.Statistics.Period, DefaultStatsPeriod, c.Statistics.Period != 0)
	def(&c.Statistics.Outbox.MaxAge, DefaultOutboxMaxAge, c.Statistics.Outbox.MaxAge != 0)
	if c.Handoff.MaxPhoneSessions == 0 {
		c.Handoff.MaxPhoneSessions = DefaultMaxPhoneSessions
	}
	if w := c.Handoff.WiFi; w != nil && w.Security == "" {
		w.Security = "WPA"
		if w.Password == "" {
			w.Security = "nopass"
		}
	}
	if c.Statistics.Outbox.MaxMB == 0 {
		c.Statistics.Outbox.MaxMB = DefaultOutboxMB
	}
	if c.Branding.Name == "" {
		c.Branding.Name = DefaultBrandingName
	}
	if c.PracticeDir == "" {
		c.PracticeDir = DefaultPracticeDir
	}
	if c.PlacesDir == "" {
		c.PlacesDir = DefaultPlacesDir
	}
	c.PracticeDir = path.Clean(c.PracticeDir)
	c.PlacesDir = path.Clean(c.PlacesDir)
}

// durationRule bounds one duration field; the schema checks only its form.
type durationRule struct {
	path     string
	get      func(*Config) Duration
	min, max time.Duration
	zeroOK   bool
	what     string
}

var durationRules = [...]durationRule{
	{"idle.timeout", func(c *Config) Duration { return c.Idle.Timeout }, 15 * time.Second, 30 * time.Minute, false, "seconds of no touch before the privacy reset asks"},
	{"idle.countdown", func(c *Config) Duration { return c.Idle.Countdown }, 5 * time.Second, 2 * time.Minute, false, "seconds the dialog counts down"},
	{"idle.tips_after", func(c *Config) Duration { return c.Idle.TipsAfter }, 30 * time.Second, 24 * time.Hour, true, "idle time before tips rotate, or 0 for never"},
	{"idle.resume_window", func(c *Config) Duration { return c.Idle.ResumeWindow }, time.Minute, 2 * time.Hour, false, "how recent an unfinished practice must be to be offered again"},
	{"handoff.token_ttl", func(c *Config) Duration { return c.Handoff.TokenTTL }, 30 * time.Second, 30 * time.Minute, false, "how long a hand-off QR stays valid"},
	{"handoff.phone_idle", func(c *Config) Duration { return c.Handoff.PhoneIdle }, time.Minute, 2 * time.Hour, false, "idle time before a phone session is wiped"},
	{"statistics.period", func(c *Config) Duration { return c.Statistics.Period }, 5 * time.Minute, 24 * time.Hour, false, "how often counts are sealed into a batch"},
	{"statistics.outbox.max_age", func(c *Config) Duration { return c.Statistics.Outbox.MaxAge }, time.Hour, 365 * 24 * time.Hour, false, "how long a batch may wait for upload"},
}

// check applies the rules the schema cannot express.
func (c *Config) check(root *yaml.Node) problems.List {
	var probs problems.List
	add := func(path, msg, fix string) { probs.Add(FileName, yamlfile.Line(root, path), path, msg, fix) }
	for _, r := range durationRules {
		d := r.get(c).D()
		if (d == 0 && r.zeroOK) || (d >= r.min && d <= r.max) {
			continue
		}
		add(r.path, fmt.Sprintf("%s is out of range", Duration(d)),
			fmt.Sprintf("%s: from %s to %s", r.what, Duration(r.min), Duration(r.max)))
	}
	if c.Idle.TipsAfter != 0 && c.Idle.TipsAfter < c.Idle.Timeout {
		add("idle.tips_after", fmt.Sprintf("%s is shorter than idle.timeout (%s)", c.Idle.TipsAfter, c.Idle.Timeout), "tips start after the privacy reset: make it longer than idle.timeout, or 0 for never")
	}
	if l := c.Handoff.Listen; l != "" {
		_, port, err := net.SplitHostPort(l)
		if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 1 || n > 65535 {
			add("handoff.listen", fmt.Sprintf("%q is not host:port with a port from 1 to 65535", l), "e.g. 0.0.0.0:8080, or [::]:8080")
		}
	}
	if w := c.Handoff.WiFi; w != nil {
		switch {
		case w.Security == "nopass" && w.Password != "":
			add("handoff.wifi.password", "an open network (security: nopass) has no password", "remove the password, or set security: WPA")
		case w.Security == "WPA" && (len(w.Password) < 8 || len(w.Password) > 63):
			add("handoff.wifi.password", "a WPA password has 8 to 63 characters", "copy the password from the access point's settings")
		case w.Security == "WEP" && w.Password == "":
			add("handoff.wifi.password", "a WEP network needs its key", "copy the key from the access point's settings")
		}
	}
	if c.Staff.PINHash != "" {
		if h, err := staff.ParseHash(c.Staff.PINHash); err != nil {
			add("staff.pin_hash", err.Error(), "make a new one with `tramhocso hash-pin` and paste the whole line")
		} else if h.MinDigits < staff.MinPINDigits {
			add("staff.pin_hash", fmt.Sprintf("this hash does not show a PIN of at least %d digits (it has no mindigits=%d: made by an older hash-pin, maybe for a 4-digit PIN)", staff.MinPINDigits, staff.MinPINDigits),
				fmt.Sprintf("choose a PIN of %d to %d digits and make a new hash with `tramhocso hash-pin`", staff.MinPINDigits, staff.MaxPINDigits))
		}
	}
	for _, p := range [...]struct{ path, val string }{{"practice_dir", c.PracticeDir}, {"places_dir", c.PlacesDir}, {"statistics.key_file", c.Statistics.KeyFile}, {"branding.logo", c.Branding.Logo}} {
		if p.val != "" && (!fs.ValidPath(path.Clean(p.val)) || path.Clean(p.val) == ".") {
			add(p.path, fmt.Sprintf("%q is not a path inside the config directory", p.val), "use a relative path such as practice")
		}
	}
	return probs
}

// checkFiles checks the files kiosk.yaml names exist in fsys.
func (c *Config) checkFiles(fsys fs.FS, root *yaml.Node) problems.List {
	var probs problems.List
	add := func(path, msg, fix string) { probs.Add(FileName, yamlfile.Line(root, path), path, msg, fix) }
	if st, err := fs.Stat(fsys, c.PracticeDir); err != nil || !st.IsDir() {
		add("practice_dir", fmt.Sprintf("directory %s not found", c.PracticeDir), "create it and put the practice packs (*.yaml) in it, or fix the path")
	}
	if k := c.Statistics.KeyFile; k != "" {
		st, err := fs.Stat(fsys, k)
		switch {
		case err != nil || !st.Mode().IsRegular():
			add("statistics.key_file", fmt.Sprintf("key file %s not found", k), "ask the district IT team for this kiosk's key and save it there with mode 0600")
		case st.Mode().Perm()&0o077 != 0 && st.Mode().Perm()&0o200 != 0:
			// A writable file with group/other bits is a real file left open
			// (embedded files are read-only 0444 and are not checked).
			add("statistics.key_file", fmt.Sprintf("key file %s can be read by other users (mode %04o)", k, st.Mode().Perm()), "chmod 600 "+k)
		case st.Size() == 0:
			add("statistics.key_file", fmt.Sprintf("key file %s is empty", k), "save the kiosk's key in it")
		}
	}
	if l := c.Branding.Logo; l != "" {
		st, err := fs.Stat(fsys, l)
		switch {
		case err != nil || !st.Mode().IsRegular():
			add("branding.logo", fmt.Sprintf("logo file %s not found", l), "copy the logo into the config directory, or remove the line")
		case st.Size() > maxLogoBytes:
			add("branding.logo", fmt.Sprintf("logo file %s is %d KiB", l, st.Size()>>10), "use a logo of at most 1 MiB (an SVG, or a PNG about 512 px wide)")
		}
	}
	return probs
}

// PracticeDirOf is the practice directory a kiosk.yaml names, read on a best
// effort basis even when the file has problems (DefaultPracticeDir when it
// cannot tell), so that `validate` can check the packs in the same run.
func PracticeDirOf(fsys fs.FS) string {
	data, err := fs.ReadFile(fsys, FileName)
	if err != nil {
		return DefaultPracticeDir
	}
	var v struct {
		PracticeDir string `yaml:"practice_dir"`
	}
	if yaml.Unmarshal(data, &v) != nil || v.PracticeDir == "" {
		return DefaultPracticeDir
	}
	if p := path.Clean(v.PracticeDir); fs.ValidPath(p) && p != "." {
		return p
	}
	return DefaultPracticeDir
}
