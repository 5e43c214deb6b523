package vnformat

import "errors"

// Error is one thing wrong with a value. Code is a stable string such as
// "cccd.length"; map it to words with Message. Error never carries the value
// itself, so logging it leaks no personal data.
type Error struct {
	Code string
}

// Error returns "vnformat: <code>: <English message>".
func (e *Error) Error() string {
	return "vnformat: " + e.Code + ": " + Message(e.Code, LangEN)
}

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, &vnformat.Error{Code: vnformat.CodeCCCDLength}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

func fail(code string) error { return &Error{Code: code} }

// collector gathers the codes of every problem found, each code once, in the
// order found.
type collector struct {
	errs []error
	seen map[string]bool
}

func (c *collector) add(code string) {
	if c.seen[code] {
		return
	}
	if c.seen == nil {
		c.seen = make(map[string]bool)
	}
	c.seen[code] = true
	c.errs = append(c.errs, fail(code))
}

func (c *collector) err() error {
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0]
	}
	return errors.Join(c.errs...)
}

// Codes returns the code of every *Error inside err (which may be a single
// *Error, a wrapped one, or an errors.Join of several), in order, each once.
// It returns nil for a nil err or one that holds no *Error.
func Codes(err error) []string {
	var out []string
	seen := map[string]bool{}
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			if !seen[e.Code] {
				seen[e.Code] = true
				out = append(out, e.Code)
			}
			return
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}

// HasCode reports whether err holds an *Error with the given code.
func HasCode(err error, code string) bool {
	return errors.Is(err, &Error{Code: code})
}
