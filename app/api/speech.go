package api

import (
	"errors"
	"net/http"
	"strconv"

	"tramhocso/app/speech"
)

// Read-aloud: the speaker buttons on each step. Served on both doors, since a
// session continued on a phone has the same steps to read; the speech
// service bounds text length, concurrency and memory.
func (s *Server) speechRoutes() []route {
	both := []Door{DoorKiosk, DoorPhone}
	return []route{
		{http.MethodGet, "/api/speech/available", both, s.speechAvailable},
		{http.MethodPost, "/api/speech", both, s.speak},
	}
}

// rawBody is a handler result sent as it is instead of as JSON (audio).
type rawBody struct {
	contentType string
	data        []byte
}

func (b rawBody) write(w http.ResponseWriter) {
	w.Header().Set("Content-Type", b.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b.data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.data)
}

// SpeechAvailable is the body of GET /api/speech/available.
type SpeechAvailable struct {
	Available bool     `json:"available"`
	Languages []string `json:"languages"` // languages with a voice, "vi" first
}

func (s *Server) speechAvailable(r *http.Request, _ http.ResponseWriter) (any, error) {
	out := SpeechAvailable{Languages: []string{}}
	if s.deps.Speech == nil {
		return out, nil
	}
	langs, err := s.deps.Speech.Check(r.Context())
	if err != nil {
		s.deps.Logger.WarnContext(r.Context(), "read-aloud unavailable", "err", err)
		return out, nil
	}
	return SpeechAvailable{Available: true, Languages: langs}, nil
}

// SpeechRequest is the body of POST /api/speech.
type SpeechRequest struct {
	Text string `json:"text"`
	Lang string `json:"lang"` // "vi" or "en"
}

func (s *Server) speak(r *http.Request, w http.ResponseWriter) (any, error) {
	if s.limits.speech != nil && !s.limits.speech.Allow(clientAddr(r), s.deps.Now()) {
		return nil, errSlowDown()
	}
	var req SpeechRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return nil, err
	}
	if s.deps.Speech == nil {
		return nil, errSpeechUnavailable()
	}
	synthesize := s.deps.Speech.Synthesize
	if DoorFrom(r.Context()) == DoorPhone {
		synthesize = s.deps.Speech.SynthesizeRemote // never the kiosk screen's slot
	}
	wav, err := synthesize(r.Context(), req.Lang, req.Text)
	switch {
	case err == nil:
		return rawBody{contentType: "audio/wav", data: wav}, nil
	case errors.Is(err, speech.ErrUnavailable):
		s.deps.Logger.WarnContext(r.Context(), "read-aloud unavailable", "err", err)
		return nil, errSpeechUnavailable()
	case errors.Is(err, speech.ErrLang):
		return nil, Errorf(http.StatusBadRequest, "bad_lang",
			"Không đọc được ngôn ngữ %q: chỉ có vi hoặc en.", "Cannot read language %q: only vi or en.", req.Lang)
	case errors.Is(err, speech.ErrEmpty):
		return nil, Errorf(http.StatusBadRequest, "empty_text",
			"Không có chữ nào để đọc.", "There is no text to read.")
	case errors.Is(err, speech.ErrTooLong):
		return nil, Errorf(http.StatusRequestEntityTooLarge, "text_too_long",
			"Đoạn chữ quá dài để đọc.", "The text is too long to read aloud.")
	default:
		return nil, err
	}
}

func errSpeechUnavailable() *Error {
	return Errorf(http.StatusServiceUnavailable, "speech_unavailable",
		"Máy này chưa đọc thành tiếng được.", "This kiosk cannot read aloud.")
}
