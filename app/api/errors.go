package api

import (
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/text/language"
)

// Error is an API error: an HTTP status, a stable code for programs and a
// message for people in both languages.
type Error struct {
	Status int
	Code   string
	VI, EN string
}

func (e *Error) Error() string { return e.Code + ": " + e.EN }

// Body is the JSON shape of every error response.
type Body struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Errorf makes an Error; the messages are format strings sharing args.
func Errorf(status int, code, vi, en string, args ...any) *Error {
	return &Error{Status: status, Code: code, VI: fmt.Sprintf(vi, args...), EN: fmt.Sprintf(en, args...)}
}

func errNotFound() *Error {
	return Errorf(http.StatusNotFound, "not_found",
		"Không tìm thấy chức năng này.", "There is no such function.")
}

func errMethod(method string) *Error {
	return Errorf(http.StatusMethodNotAllowed, "method_not_allowed",
		"Chức năng này không nhận yêu cầu %s.", "This function does not accept %s requests.", method)
}

func errInternal() *Error {
	return Errorf(http.StatusInternalServerError, "internal",
		"Máy gặp lỗi. Vui lòng thử lại hoặc gọi cán bộ hỗ trợ.", "Something went wrong. Please try again or ask the staff for help.")
}

// asError turns any error from a handler into an *Error; unknown errors are
// internal ones (their text is logged, never sent).
func asError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return errInternal(), false
}

var langMatcher = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})

// Lang picks "vi" or "en" for a request: an explicit ?lang= wins, then
// Accept-Language; Vietnamese is the default.
func Lang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "en":
		return "en"
	case "vi":
		return "vi"
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return "vi"
	}
	if _, i, conf := langMatcher.Match(tags...); i == 1 && conf != language.No {
		return "en"
	}
	return "vi"
}

func (e *Error) body(lang string) Body {
	if lang == "en" {
		return Body{Code: e.Code, Message: e.EN}
	}
	return Body{Code: e.Code, Message: e.VI}
}
