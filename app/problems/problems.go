package problems

import (
	"errors"
	"fmt"
	"strings"
)

// Problem is one thing wrong in a file. Line is 1-based; 0 means the whole file.
type Problem struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Path string `json:"path,omitempty"` // dotted path of the field, e.g. "site.name"
	Msg  string `json:"problem"`
	Fix  string `json:"fix,omitempty"`
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Fix != "" {
		b.WriteString(" (")
		b.WriteString(p.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// List is a set of problems. A non-empty List is an error; use Err to return
// nil when there is nothing wrong.
type List []Problem

// Add appends a problem.
func (l *List) Add(file string, line int, path, msg, fix string) {
	*l = append(*l, Problem{File: file, Line: line, Path: path, Msg: msg, Fix: fix})
}

// Error prints one problem per line.
func (l List) Error() string {
	lines := make([]string, len(l))
	for i, p := range l {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns l as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// From extracts the problems carried by err (a List, possibly wrapped). Any
// other non-nil error becomes a single problem about file.
func From(file string, err error) List {
	if err == nil {
		return nil
	}
	var l List
	if errors.As(err, &l) {
		return l
	}
	return List{{File: file, Msg: err.Error()}}
}
