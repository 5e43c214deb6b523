package speech

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/sync/singleflight"
)

// Errors a caller can tell apart (with errors.Is).
var (
	// ErrUnavailable: espeak-ng or the language's voice is not installed.
	ErrUnavailable = errors.New("speech: espeak-ng is not available")
	// ErrEmpty: nothing readable in the text.
	ErrEmpty = errors.New("speech: empty text")
	// ErrTooLong: the text is longer than Options.MaxRunes.
	ErrTooLong = errors.New("speech: text too long")
	// ErrLang: a language without a voice mapping.
	ErrLang = errors.New("speech: unsupported language")
)

// voices maps the app's languages to espeak-ng voices.
var voices = map[string]string{"vi": "vi", "en": "en-gb"}

// Options tune the synthesiser; the zero value gives the defaults.
type Options struct {
	Binary     string        // espeak-ng executable (default "espeak-ng", found on PATH)
	Timeout    time.Duration // per synthesis (default 15 s)
	MaxRunes   int           // longest text accepted (default 600 characters)
	CacheBytes int64         // memory cache bound (default 32 MiB)
	// MaxConcurrent is espeak-ng processes at once (default 2: the kiosk
	// has 2 cores; at least 2). Remote callers (phones, SynthesizeRemote)
	// may hold all but one of them: the last is the kiosk screen's.
	MaxConcurrent int
	WordsPerMin   int // speaking rate (default 140, slower than espeak's 175, for older listeners)
	Logger        *slog.Logger
}

// Service synthesises speech. It is safe for concurrent use.
type Service struct {
	opts   Options
	cache  *lru
	flight singleflight.Group
	slots  chan struct{} // every espeak-ng run holds one
	remote chan struct{} // a remote run holds one of these first: MaxConcurrent-1
}

// New returns a Service; it does not start espeak-ng until asked.
func New(opts Options) *Service {
	if opts.Binary == "" {
		opts.Binary = "espeak-ng"
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.MaxRunes <= 0 {
		opts.MaxRunes = 600
	}
	if opts.CacheBytes <= 0 {
		opts.CacheBytes = 32 << 20
	}
	opts.MaxConcurrent = max(opts.MaxConcurrent, 2)
	if opts.WordsPerMin <= 0 {
		opts.WordsPerMin = 140
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Service{opts: opts, cache: newLRU(opts.CacheBytes),
		slots: make(chan struct{}, opts.MaxConcurrent), remote: make(chan struct{}, opts.MaxConcurrent-1)}
}

// Check tells whether speech works here and in which languages: espeak-ng
// must be on the PATH with its Vietnamese voice (English is optional). The
// error says what is missing and how to fix it (for `doctor` and the log).
func (s *Service) Check(ctx context.Context) ([]string, error) {
	path, err := exec.LookPath(s.opts.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w: %s not found on PATH (install the Debian package espeak-ng)", ErrUnavailable, s.opts.Binary)
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--voices").Output()
	if err != nil {
		return nil, fmt.Errorf("%w: listing voices with %s: %v", ErrUnavailable, path, err)
	}
	var langs []string
	for _, lang := range []string{"vi", "en"} {
		if hasVoice(out, voices[lang]) {
			langs = append(langs, lang)
		}
	}
	if len(langs) == 0 || langs[0] != "vi" {
		return nil, fmt.Errorf("%w: %s has no Vietnamese voice %q (install espeak-ng-data)", ErrUnavailable, path, voices["vi"])
	}
	return langs, nil
}

// hasVoice finds a voice name in the Language column of `espeak-ng --voices`.
func hasVoice(list []byte, voice string) bool {
	for line := range strings.Lines(string(list)) {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] != "Pty" && f[1] == voice {
			return true
		}
	}
	return false
}

// Normalize is the text as it will be read (and cached): control characters
// become spaces, runs of spaces collapse, the ends are trimmed.
func Normalize(text string) string {
	text = strings.ToValidUTF8(text, " ")
	text = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, text)
	return strings.Join(strings.Fields(text), " ")
}

// Synthesize returns a WAV file of text read in lang ("vi" or "en") for the
// kiosk screen. Equal requests share one espeak-ng run and later ones come
// from the cache.
func (s *Service) Synthesize(ctx context.Context, lang, text string) ([]byte, error) {
	return s.synthesize(ctx, false, lang, text)
}

// SynthesizeRemote is Synthesize for a remote caller (a phone): its
// espeak-ng runs never take the slot kept for the kiosk screen, and it
// never waits behind, nor makes the kiosk wait behind, the other's runs.
// The cache is shared.
func (s *Service) SynthesizeRemote(ctx context.Context, lang, text string) ([]byte, error) {
	return s.synthesize(ctx, true, lang, text)
}

func (s *Service) synthesize(ctx context.Context, remote bool, lang, text string) ([]byte, error) {
	voice, ok := voices[lang]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrLang, lang)
	}
	text = Normalize(text)
	if text == "" || !strings.ContainsFunc(text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return nil, ErrEmpty
	}
	if n := utf8.RuneCountInString(text); n > s.opts.MaxRunes {
		return nil, fmt.Errorf("%w: %d characters, at most %d", ErrTooLong, n, s.opts.MaxRunes)
	}
	key := lang + "\x00" + text
	if b, ok := s.cache.get(key); ok {
		return b, nil
	}
	flight := "k" + key // the kiosk never joins a remote run still waiting for a slot
	if remote {
		flight = "r" + key
	}
	v, err, _ := s.flight.Do(flight, func() (any, error) {
		b, err := s.run(ctx, remote, voice, text)
		if err != nil {
			return nil, err
		}
		s.cache.put(key, b)
		return b, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]byte), nil
}

// acquire takes an espeak-ng slot (for a remote caller, one of the
// MaxConcurrent-1 it may use first), waiting until ctx ends.
func (s *Service) acquire(ctx context.Context, remote bool) (release func(), err error) {
	take := func(ch chan struct{}) error {
		select {
		case ch <- struct{}{}:
			return nil
		default:
		}
		select {
		case ch <- struct{}{}:
			return nil
		case <-ctx.Done():
			return fmt.Errorf("waiting for a free espeak-ng slot: %w", ctx.Err())
		}
	}
	if remote {
		if err := take(s.remote); err != nil {
			return nil, err
		}
	}
	if err := take(s.slots); err != nil {
		if remote {
			<-s.remote
		}
		return nil, err
	}
	return func() {
		<-s.slots
		if remote {
			<-s.remote
		}
	}, nil
}

func (s *Service) run(ctx context.Context, remote bool, voice, text string) ([]byte, error) {
	release, err := s.acquire(ctx, remote)
	if err != nil {
		return nil, err
	}
	defer release()
	path, err := exec.LookPath(s.opts.Binary)
	if err != nil {
		return nil, fmt.Errorf("%w: %s not found on PATH", ErrUnavailable, s.opts.Binary)
	}
	ctx, cancel := context.WithTimeout(ctx, s.opts.Timeout)
	defer cancel()
	start := time.Now()
	// -b 1: UTF-8 input; --stdin: the text never appears on a command line.
	cmd := exec.CommandContext(ctx, path, "-v", voice, "-b", "1", "-s", strconv.Itoa(s.opts.WordsPerMin), "--stdin", "--stdout")
	cmd.Stdin = strings.NewReader(text)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("running espeak-ng (voice %s): %w", voice, ctx.Err())
		}
		return nil, fmt.Errorf("running espeak-ng (voice %s): %w: %s", voice, err, firstLine(stderr.String()))
	}
	wav, err := FixWAVHeader(out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("reading espeak-ng's output (voice %s): %w", voice, err)
	}
	// Sizes and timing only: the text itself is never logged.
	s.opts.Logger.DebugContext(ctx, "speech synthesised", "voice", voice, "runes", utf8.RuneCountInString(text),
		"bytes", len(wav), "ms", time.Since(start).Milliseconds())
	return wav, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
