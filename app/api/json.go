package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 64 << 10

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing useful to do
}

// decodeJSON reads exactly one JSON value into v, refusing unknown fields,
// trailing data and bodies over MaxBodyBytes, with errors that say where.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() || decodeExtra(dec) {
			return Errorf(http.StatusBadRequest, "bad_json",
				"Dữ liệu gửi lên có phần thừa sau nội dung JSON.", "The request body has data after the JSON value.")
		}
		return nil
	}
	var (
		syntax   *json.SyntaxError
		typeErr  *json.UnmarshalTypeError
		tooLarge *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooLarge):
		return Errorf(http.StatusRequestEntityTooLarge, "too_large",
			"Dữ liệu gửi lên quá lớn (tối đa %d byte).", "The request body is too large (at most %d bytes).", MaxBodyBytes)
	case errors.Is(err, io.EOF):
		return Errorf(http.StatusBadRequest, "bad_json", "Yêu cầu thiếu nội dung JSON.", "The request body is empty; JSON was expected.")
	case errors.As(err, &syntax):
		return Errorf(http.StatusBadRequest, "bad_json",
			"Nội dung gửi lên không phải JSON hợp lệ (lỗi ở byte %d).", "The request body is not valid JSON (error at byte %d).", syntax.Offset)
	case errors.As(err, &typeErr):
		return Errorf(http.StatusBadRequest, "bad_json",
			"Trường %q có kiểu dữ liệu sai.", "Field %q has the wrong type.", typeErr.Field)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(http.StatusBadRequest, "bad_json", "Nội dung JSON bị cắt cụt.", "The JSON body is truncated.")
	default:
		// Unknown field and other decoder messages are safe to echo: they
		// name the field, not its value.
		return Errorf(http.StatusBadRequest, "bad_json", "Nội dung JSON không đúng: %s.", "The JSON body is wrong: %s.", err.Error())
	}
}

func decodeExtra(dec *json.Decoder) bool {
	var extra json.RawMessage
	return dec.Decode(&extra) != io.EOF
}
