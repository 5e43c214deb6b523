package practice

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// MaxConditionLen bounds a show_if expression.
const MaxConditionLen = 300

// conditionBuiltins is the allow-list of expr functions a show_if may call.
var conditionBuiltins = []string{"len", "lower", "upper", "trim"}

// condition is a compiled show_if expression over the answers.
type condition struct {
	src  string
	prog *vm.Program
	vars []string // top-level answer ids it reads
}

// compileCondition compiles src against env (the answers' shape: every field
// id with the zero value of its type), returning a boolean program that
// cannot call anything outside conditionBuiltins.
func compileCondition(src string, env map[string]any) (*condition, error) {
	if utf8.RuneCountInString(src) > MaxConditionLen {
		return nil, fmt.Errorf("longer than %d characters", MaxConditionLen)
	}
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("empty condition")
	}
	opts := []expr.Option{expr.Env(env), expr.AsBool(), expr.DisableAllBuiltins(), expr.MaxNodes(100), expr.Optimize(true)}
	for _, b := range conditionBuiltins {
		opts = append(opts, expr.EnableBuiltin(b))
	}
	var vars varCollector
	opts = append(opts, expr.Patch(&vars))
	prog, err := compileSafely(src, opts)
	if err != nil {
		return nil, err
	}
	return &condition{src: src, prog: prog, vars: vars.names(env)}, nil
}

func compileSafely(src string, opts []expr.Option) (prog *vm.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, fmt.Errorf("cannot compile: %v", p)
		}
	}()
	prog, err = expr.Compile(src, opts...)
	if err != nil {
		// expr's messages carry a caret diagram over several lines; the
		// first line is what a pack author needs.
		msg, _, _ := strings.Cut(err.Error(), "\n")
		return nil, fmt.Errorf("%s", msg)
	}
	return prog, nil
}

// eval runs the condition on env; a run-time error (an index out of range,
// say) counts as false, so a bad answer can hide a field but never crash.
func (c *condition) eval(env map[string]any) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	out, err := expr.Run(c.prog, env)
	if err != nil {
		return false
	}
	b, _ := out.(bool)
	return b
}

// varCollector records the identifiers an expression reads.
type varCollector struct{ seen []string }

func (v *varCollector) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		v.seen = append(v.seen, id.Value)
	}
}

func (v *varCollector) names(env map[string]any) []string {
	var out []string
	for _, n := range v.seen {
		if _, ok := env[n]; ok && !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// zeroValue is the value an unanswered field of type t has in conditions.
func zeroValue(t string) any {
	switch t {
	case TypeCheckbox:
		return false
	case TypeAddress:
		return map[string]any{"province": "", "commune": "", "detail": ""}
	case TypeRepeat:
		return []any{}
	}
	return ""
}

// zeroOf is the value an unanswered field f has in conditions: its type's,
// or a list for a multiple-choice cards field.
func zeroOf(f *Field) any {
	switch {
	case f.Type == TypeCards && f.Multiple:
		return []any{}
	case f.Type == TypeAgency:
		return map[string]any{"province": "", "commune": ""}
	}
	return zeroValue(f.Type)
}

// sameShape reports whether v has the Go type of zero (the answers' canonical
// JSON shapes: string, bool, map[string]any, []any).
func sameShape(v, zero any) bool {
	switch zero.(type) {
	case string:
		_, ok := v.(string)
		return ok
	case bool:
		_, ok := v.(bool)
		return ok
	case map[string]any:
		_, ok := v.(map[string]any)
		return ok
	case []any:
		_, ok := v.([]any)
		return ok
	}
	return false
}
