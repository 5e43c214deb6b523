package api

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sync"

	"tramhocso/app/practice"
)

// PracticeStore keeps running practices between requests. Each practice's
// whole state is one *practice.Progress. The sessions work replaces the
// in-memory implementation with a durable one.
type PracticeStore interface {
	// Create stores a new practice and returns its id (unguessable).
	Create(ctx context.Context, p *practice.Progress) (id string, err error)
	// Load returns the practice with id, or an error wrapping
	// ErrPracticeNotFound.
	Load(ctx context.Context, id string) (*practice.Progress, error)
	// Save replaces the practice with id.
	Save(ctx context.Context, id string, p *practice.Progress) error
	// End closes a practice: finished (reached its end) or abandoned. What
	// the citizen typed is wiped; the anonymous counters may stay.
	End(ctx context.Context, id string, finished bool) error
}

// ErrPracticeNotFound is returned by a PracticeStore for an unknown id.
var ErrPracticeNotFound = errors.New("practice not found")

// MemoryPracticeStore is a PracticeStore in memory: lost on restart. It
// holds at most max practices, dropping the oldest beyond that.
type MemoryPracticeStore struct {
	mu    sync.Mutex
	max   int
	data  map[string][]byte // JSON: no caller shares a Progress with the store
	order []string
}

// NewMemoryPracticeStore returns an empty store holding up to max practices
// (0 means 1000).
func NewMemoryPracticeStore(max int) *MemoryPracticeStore {
	if max <= 0 {
		max = 1000
	}
	return &MemoryPracticeStore{max: max, data: map[string][]byte{}}
}

// NewPracticeID returns 128 random bits as 32 hex digits.
func NewPracticeID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a practice id: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}

func (m *MemoryPracticeStore) Create(_ context.Context, p *practice.Progress) (string, error) {
	id, err := NewPracticeID()
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("encoding a practice: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.data[id] = data
	m.order = append(m.order, id)
	for len(m.order) > m.max {
		delete(m.data, m.order[0])
		m.order = m.order[1:]
	}
	return id, nil
}

func (m *MemoryPracticeStore) Load(_ context.Context, id string) (*practice.Progress, error) {
	m.mu.Lock()
	data, ok := m.data[id]
	m.mu.Unlock()
	if !ok {
		return nil, ErrPracticeNotFound
	}
	var p practice.Progress
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("decoding a practice: %w", err)
	}
	return &p, nil
}

func (m *MemoryPracticeStore) Save(_ context.Context, id string, p *practice.Progress) error {
	data, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("encoding a practice: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.data[id]; !ok {
		return ErrPracticeNotFound
	}
	m.data[id] = data
	return nil
}

func (m *MemoryPracticeStore) End(ctx context.Context, id string, _ bool) error {
	p, err := m.Load(ctx, id)
	if err != nil {
		return err
	}
	p.WipePersonal()
	return m.Save(ctx, id, p)
}

func (s *Server) practiceRoutes() []route {
	both := []Door{DoorKiosk, DoorPhone}
	return []route{
		{http.MethodGet, "/api/places", both, s.places},
		{http.MethodPost, "/api/practice", []Door{DoorKiosk}, s.practiceStart}, // the phone's: handoff.go
		{http.MethodGet, "/api/practice/{id}", both, s.practiceView},
		{http.MethodPost, "/api/practice/{id}/submit", both, s.practiceSubmit},
		{http.MethodPost, "/api/practice/{id}/back", both, s.practiceBack},
		{http.MethodPost, "/api/practice/{id}/goto", both, s.practiceGoTo},
		{http.MethodPost, "/api/practice/{id}/visible", both, s.practiceVisible},
		{http.MethodPost, "/api/practice/{id}/help", both, s.practiceHelp},
		{http.MethodGet, "/api/practice/{id}/summary", both, s.practiceSummary},
		{http.MethodPost, "/api/practice/{id}/end", both, s.practiceEnd},
		{http.MethodGet, "/api/practice/resume", []Door{DoorKiosk}, s.practiceResume},
	}
}

// PracticeResumer is a PracticeStore that survives restarts and can offer
// the most recent unfinished practice of a door again.
type PracticeResumer interface {
	Resumable(ctx context.Context, door Door) (id string, ok bool, err error)
}

// ResumeOffer is the body of GET /api/practice/resume: the practice to offer
// on the attract screen ("Tiếp tục bài đang làm?"), or null. It carries no
// answers; the frontend loads the view only when the citizen says yes.
type ResumeOffer struct {
	Practice *ResumeInfo `json:"practice"`
}

// ResumeInfo names an unfinished practice.
type ResumeInfo struct {
	ID    string        `json:"id"`
	Pack  string        `json:"pack"`
	Title practice.Text `json:"title"`
	Index int           `json:"index"`
	Total int           `json:"total"`
}

func (s *Server) practiceResume(r *http.Request, _ http.ResponseWriter) (any, error) {
	res, ok := s.deps.Practices.(PracticeResumer)
	if !ok {
		return ResumeOffer{}, nil
	}
	id, found, err := res.Resumable(r.Context(), DoorFrom(r.Context()))
	if err != nil {
		return nil, fmt.Errorf("finding a practice to resume: %w", err)
	}
	if !found {
		return ResumeOffer{}, nil
	}
	pr, err := s.deps.Practices.Load(r.Context(), id)
	if err != nil {
		return ResumeOffer{}, nil // it ended meanwhile: nothing to offer
	}
	p := s.deps.Snapshot().Practice.Pack(pr.Pack, pr.Version)
	if p == nil {
		return ResumeOffer{}, nil
	}
	v, err := p.View(pr, s.deps.Now())
	if err != nil {
		return ResumeOffer{}, nil
	}
	return ResumeOffer{Practice: &ResumeInfo{ID: id, Pack: pr.Pack, Title: v.Title, Index: v.Index, Total: v.Total}}, nil
}

// PracticeStart is the body of POST /api/practice.
type PracticeStart struct {
	Pack   string `json:"pack"`
	Sample bool   `json:"sample"`
}

// PracticeStarted answers POST /api/practice.
type PracticeStarted struct {
	ID   string        `json:"id"`
	View practice.View `json:"view"`
}

// PracticeStep is the body of submit, back and goto: the step the page
// shows (a stale page gets 409 and the current view) and its answers.
type PracticeStep struct {
	Step    string         `json:"step"`
	Answers map[string]any `json:"answers,omitempty"`
}

// PracticeResult answers submit: the errors (empty when the step passed)
// and the view to show now.
type PracticeResult struct {
	Errors []practice.FieldError `json:"errors"`
	View   practice.View         `json:"view"`
}

// PracticeHelp is the body of POST /api/practice/{id}/help.
type PracticeHelp struct {
	Field string `json:"field"`
	Kind  string `json:"kind"` // "hint" or "example"
}

// Places answers GET /api/places.
type Places struct {
	Provinces []practice.Province `json:"provinces"`
}

var practiceIDRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

func errPracticeUnknown() *Error {
	return Errorf(http.StatusNotFound, "practice_unknown",
		"Không tìm thấy bài luyện tập này (có thể đã hết hạn). Vui lòng bắt đầu lại.",
		"This practice cannot be found (it may have expired). Please start again.")
}

func errNoPractice() *Error {
	return Errorf(http.StatusServiceUnavailable, "practice_unavailable",
		"Trạm chưa có bài luyện tập nào. Vui lòng gọi cán bộ hỗ trợ.", "This kiosk has no practices loaded. Please ask the staff.")
}

func errPractice(err error) error {
	code := practice.CodeOf(err)
	if code == "" {
		return err
	}
	m := practice.Message(code)
	status := http.StatusConflict
	switch code {
	case practice.CodeCorruptProgress:
		status = http.StatusGone
	case practice.CodeUnknownStep, practice.CodeUnknownHelpTarget:
		status = http.StatusBadRequest
	}
	return &Error{Status: status, Code: code, VI: m.VI, EN: m.EN}
}

func (s *Server) places(*http.Request, http.ResponseWriter) (any, error) {
	lib := s.deps.Snapshot().Practice
	if lib == nil || lib.Places == nil {
		return nil, errNoPractice()
	}
	return Places{Provinces: lib.Places.Provinces}, nil
}

func (s *Server) seed() (uint64, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return 0, fmt.Errorf("making a practice seed: %w", err)
	}
	return binary.BigEndian.Uint64(b[:]), nil
}

func (s *Server) practiceStart(r *http.Request, w http.ResponseWriter) (any, error) {
	var in PracticeStart
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	lib := s.deps.Snapshot().Practice
	if lib == nil {
		return nil, errNoPractice()
	}
	p := lib.Pack(in.Pack, 0)
	if p == nil {
		return nil, Errorf(http.StatusNotFound, "pack_unknown", "Không có bài luyện tập này.", "There is no such practice.")
	}
	seed, err := s.seed()
	if err != nil {
		return nil, err
	}
	now := s.deps.Now()
	pr := p.Start(now, seed, in.Sample)
	id, err := s.deps.Practices.Create(r.Context(), pr)
	if err != nil {
		return nil, fmt.Errorf("creating a practice: %w", err)
	}
	v, err := p.View(pr, now)
	if err != nil {
		return nil, errPractice(err)
	}
	s.deps.Logger.Info("practice started", "pack", p.ID, "version", p.Version, "sample", in.Sample)
	return PracticeStarted{ID: id, View: v}, nil
}

// load finds the practice named in the URL and the pack version it runs.
func (s *Server) load(r *http.Request) (string, *practice.Progress, *practice.Pack, error) {
	id := r.PathValue("id")
	if !practiceIDRE.MatchString(id) {
		return "", nil, nil, errPracticeUnknown()
	}
	pr, err := s.deps.Practices.Load(r.Context(), id)
	if errors.Is(err, ErrPracticeNotFound) {
		return "", nil, nil, errPracticeUnknown()
	}
	if err != nil {
		return "", nil, nil, fmt.Errorf("loading a practice: %w", err)
	}
	p := s.deps.Snapshot().Practice.Pack(pr.Pack, pr.Version)
	if p == nil {
		return "", nil, nil, Errorf(http.StatusGone, "practice_outdated",
			"Bài luyện tập này vừa được cập nhật. Vui lòng bắt đầu lại.", "This practice has just been updated. Please start again.")
	}
	return id, pr, p, nil
}

// loadStep is load, refusing a request about another step than the current
// one (a stale page: the frontend then reloads the view).
func (s *Server) loadStep(r *http.Request, step string) (string, *practice.Progress, *practice.Pack, error) {
	id, pr, p, err := s.load(r)
	if err != nil {
		return "", nil, nil, err
	}
	if step != pr.Step {
		return "", nil, nil, errPractice(&practice.ErrProgress{Code: practice.CodeWrongStep})
	}
	return id, pr, p, nil
}

func (s *Server) practiceView(r *http.Request, _ http.ResponseWriter) (any, error) {
	_, pr, p, err := s.load(r)
	if err != nil {
		return nil, err
	}
	v, err := p.View(pr, s.deps.Now())
	if err != nil {
		return nil, errPractice(err)
	}
	return v, nil
}

// stepAction decodes a PracticeStep, checks that it is about the current
// step, runs act, saves, and answers with the new view.
func (s *Server) stepAction(r *http.Request, w http.ResponseWriter,
	act func(p *practice.Pack, pr *practice.Progress, in PracticeStep) ([]practice.FieldError, error)) (any, error) {
	var in PracticeStep
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	id, pr, p, err := s.loadStep(r, in.Step)
	if err != nil {
		return nil, err
	}
	wasFinished := pr.Finished()
	errs, err := act(p, pr, in)
	if err != nil {
		return nil, errPractice(err)
	}
	now := s.deps.Now()
	v, err := p.View(pr, now)
	if err != nil {
		return nil, errPractice(err)
	}
	if err := s.deps.Practices.Save(r.Context(), id, pr); err != nil {
		return nil, fmt.Errorf("saving a practice: %w", err)
	}
	if pr.Finished() && !wasFinished {
		if err := s.deps.Practices.End(r.Context(), id, true); err != nil {
			return nil, fmt.Errorf("ending a practice: %w", err)
		}
		s.deps.Logger.Info("practice finished", "pack", p.ID, "version", p.Version)
	}
	if errs == nil {
		errs = []practice.FieldError{}
	}
	return PracticeResult{Errors: errs, View: v}, nil
}

func (s *Server) practiceSubmit(r *http.Request, w http.ResponseWriter) (any, error) {
	return s.stepAction(r, w, func(p *practice.Pack, pr *practice.Progress, in PracticeStep) ([]practice.FieldError, error) {
		return p.Submit(pr, in.Answers, s.deps.Now())
	})
}

func (s *Server) practiceBack(r *http.Request, w http.ResponseWriter) (any, error) {
	return s.stepAction(r, w, func(p *practice.Pack, pr *practice.Progress, _ PracticeStep) ([]practice.FieldError, error) {
		return nil, p.Back(pr, s.deps.Now())
	})
}

// PracticeGoTo is the body of POST /api/practice/{id}/goto.
type PracticeGoTo struct {
	Step   string `json:"step"`   // the review step the page shows
	Target string `json:"target"` // the step to change
}

func (s *Server) practiceGoTo(r *http.Request, w http.ResponseWriter) (any, error) {
	var in PracticeGoTo
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	id, pr, p, err := s.loadStep(r, in.Step)
	if err != nil {
		return nil, err
	}
	if err := p.GoTo(pr, in.Target, s.deps.Now()); err != nil {
		return nil, errPractice(err)
	}
	if err := s.deps.Practices.Save(r.Context(), id, pr); err != nil {
		return nil, fmt.Errorf("saving a practice: %w", err)
	}
	v, err := p.View(pr, s.deps.Now())
	if err != nil {
		return nil, errPractice(err)
	}
	return v, nil
}

// PracticeVisible answers POST /api/practice/{id}/visible.
type PracticeVisible struct {
	Visible []string `json:"visible"`
}

func (s *Server) practiceVisible(r *http.Request, w http.ResponseWriter) (any, error) {
	var in PracticeStep
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	_, pr, p, err := s.loadStep(r, in.Step)
	if err != nil {
		return nil, err
	}
	vis, err := p.Visible(pr, in.Answers)
	if err != nil {
		return nil, errPractice(err)
	}
	return PracticeVisible{Visible: vis}, nil
}

func (s *Server) practiceHelp(r *http.Request, w http.ResponseWriter) (any, error) {
	var in PracticeHelp
	if err := decodeJSON(w, r, &in); err != nil {
		return nil, err
	}
	id, pr, p, err := s.load(r)
	if err != nil {
		return nil, err
	}
	if err := p.Help(pr, in.Field, in.Kind); err != nil {
		return nil, errPractice(err)
	}
	if err := s.deps.Practices.Save(r.Context(), id, pr); err != nil {
		return nil, fmt.Errorf("saving a practice: %w", err)
	}
	return nil, nil
}

func (s *Server) practiceSummary(r *http.Request, _ http.ResponseWriter) (any, error) {
	_, pr, p, err := s.load(r)
	if err != nil {
		return nil, err
	}
	sum, err := p.Summary(pr, s.deps.Now())
	if err != nil {
		return nil, errPractice(err)
	}
	return sum, nil
}

func (s *Server) practiceEnd(r *http.Request, _ http.ResponseWriter) (any, error) {
	id, pr, _, err := s.load(r)
	if err != nil {
		return nil, err
	}
	if err := s.deps.Practices.End(r.Context(), id, pr.Finished()); err != nil {
		return nil, fmt.Errorf("ending a practice: %w", err)
	}
	return nil, nil
}
