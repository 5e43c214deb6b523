package vnformat

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// codeConstants reads the Code* constants declared in messages.go, so that a
// new code without a message fails the test.
func codeConstants(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "messages.go", nil, 0)
	if err != nil {
		t.Fatalf("parsing messages.go: %v", err)
	}
	var out []string
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if !strings.HasPrefix(name.Name, "Code") {
					continue
				}
				lit, ok := vs.Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s is not a string literal", name.Name)
				}
				v, err := strconv.Unquote(lit.Value)
				if err != nil {
					t.Fatalf("%s: %v", name.Name, err)
				}
				out = append(out, v)
			}
		}
	}
	slices.Sort(out)
	return out
}

func TestEveryCodeHasMessages(t *testing.T) {
	consts := codeConstants(t)
	if len(consts) < 50 {
		t.Fatalf("found only %d Code constants; parser broken?", len(consts))
	}
	if got := AllCodes(); !slices.Equal(got, consts) {
		t.Fatalf("AllCodes() and the Code constants differ:\n all:    %v\n consts: %v", got, consts)
	}
	for _, code := range consts {
		vi, en := Message(code, LangVI), Message(code, LangEN)
		if vi == "" || en == "" || vi == en {
			t.Errorf("%s: vi %q en %q", code, vi, en)
		}
		if vi == unknownMessage.vi {
			t.Errorf("%s uses the fallback message", code)
		}
		if !strings.HasSuffix(vi, ".") || !strings.HasSuffix(en, ".") {
			t.Errorf("%s: messages should be full sentences: %q / %q", code, vi, en)
		}
		if prefix, _, ok := strings.Cut(code, "."); !ok || prefix == "" {
			t.Errorf("%s is not of the form area.problem", code)
		}
	}
}

func TestMessageFallbacks(t *testing.T) {
	if got := Message(CodeCCCDLength, "fr"); got != Message(CodeCCCDLength, LangVI) {
		t.Errorf("unknown language should give Vietnamese, got %q", got)
	}
	if got := Message("no.such_code", LangEN); got != unknownMessage.en {
		t.Errorf("unknown code: got %q", got)
	}
	if got := Message("no.such_code", LangVI); got != unknownMessage.vi {
		t.Errorf("unknown code: got %q", got)
	}
}

func TestCodesAndHasCode(t *testing.T) {
	joined := errors.Join(fail(CodePasswordNoUpper), fail(CodePasswordNoDigit), fail(CodePasswordNoUpper))
	wrapped := fmt.Errorf("checking password: %w", joined)
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"nil", nil, nil},
		{"plain error", errors.New("boom"), nil},
		{"single", fail(CodeCCCDLength), []string{CodeCCCDLength}},
		{"wrapped single", fmt.Errorf("x: %w", fail(CodeDateFormat)), []string{CodeDateFormat}},
		{"joined and wrapped, deduplicated", wrapped, []string{CodePasswordNoUpper, CodePasswordNoDigit}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Codes(tt.err); !slices.Equal(got, tt.want) {
				t.Errorf("Codes = %v, want %v", got, tt.want)
			}
			for _, c := range tt.want {
				if !HasCode(tt.err, c) {
					t.Errorf("HasCode(%s) = false", c)
				}
			}
			if HasCode(tt.err, CodeEmailAt) {
				t.Errorf("HasCode(email.at) = true")
			}
		})
	}
}

func TestErrorTextHasNoValue(t *testing.T) {
	_, err := ParseCCCD("00109901234")
	if err == nil {
		t.Fatal("want an error")
	}
	if strings.Contains(err.Error(), "0010990") {
		t.Errorf("error text leaks the value: %q", err)
	}
	if want := "vnformat: cccd.length: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() = %q, want prefix %q", err, want)
	}
}

func TestCollectorKeepsOrderAndDedups(t *testing.T) {
	var c collector
	if c.err() != nil {
		t.Fatal("empty collector must give nil")
	}
	c.add("b.x")
	c.add("a.y")
	c.add("b.x")
	if got := Codes(c.err()); !slices.Equal(got, []string{"b.x", "a.y"}) {
		t.Fatalf("got %v", got)
	}
}
