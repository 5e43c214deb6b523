package config

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
	"tramhocso/app/yamlfile"
)

// SchemaJSON is the JSON Schema (draft 2020-12) of kiosk.yaml at
// CurrentVersion, as embedded in the binary.
//
//go:embed kiosk.schema.json
var SchemaJSON []byte

const schemaURL = "kiosk.schema.json"

type compiled struct {
	schema *jsonschema.Schema
	raw    any // the schema document, for x-fix / x-msg lookups
}

// theSchema compiles the embedded schema once; it never changes afterwards.
var theSchema = sync.OnceValue(func() compiled {
	raw, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		panic(fmt.Sprintf("embedded kiosk.schema.json: %v", err)) // a broken build, caught by every test
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, raw); err != nil {
		panic(fmt.Sprintf("embedded kiosk.schema.json: %v", err))
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		panic(fmt.Sprintf("embedded kiosk.schema.json: %v", err))
	}
	return compiled{schema: sch, raw: raw}
})

// maxNodes bounds the work of turning a YAML tree into JSON values, so that
// alias chains ("billion laughs") cannot blow up.
const maxNodes = 100_000

// toJSONValue converts a YAML node into the values jsonschema validates
// (map[string]any, []any, string, json.Number, bool, nil). Scalars keep their
// YAML type: 2 is a number, "2" a string, 2025-01-01 a string.
func toJSONValue(n *yaml.Node, budget *int) (any, error) {
	*budget--
	if *budget < 0 {
		return nil, fmt.Errorf("the document is too large or uses too many aliases")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return toJSONValue(n.Content[0], budget)
	case yaml.AliasNode:
		return toJSONValue(n.Alias, budget)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return nil, fmt.Errorf("line %d: keys must be plain names", k.Line)
			}
			v, err := toJSONValue(n.Content[i+1], budget)
			if err != nil {
				return nil, err
			}
			m[k.Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		a := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := toJSONValue(c, budget)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		return a, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err != nil {
				return nil, err
			}
			return b, nil
		case "!!int":
			var i int64
			if err := n.Decode(&i); err != nil {
				return json.Number(n.Value), nil
			}
			return json.Number(strconv.FormatInt(i, 10)), nil
		case "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				return n.Value, nil // .nan, .inf: not a JSON number
			}
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
		default:
			return n.Value, nil
		}
	}
	return nil, fmt.Errorf("line %d: unsupported YAML node", n.Line)
}

// validateSchema checks doc (the migrated root node) against the embedded
// schema and returns every violation as a problem with file:line.
func validateSchema(file string, root *yaml.Node) problems.List {
	budget := maxNodes
	v, err := toJSONValue(root, &budget)
	if err != nil {
		var probs problems.List
		probs.Add(file, 0, "", err.Error(), "")
		return probs
	}
	cs := theSchema()
	err = cs.schema.Validate(v)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		var probs problems.List
		probs.Add(file, 0, "", err.Error(), "")
		return probs
	}
	var probs problems.List
	for _, leaf := range leaves(ve) {
		probs = append(probs, cs.problemsFor(file, root, v, leaf)...)
	}
	slices.SortStableFunc(probs, func(a, b problems.Problem) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return strings.Compare(a.Path, b.Path)
	})
	return slices.CompactFunc(probs, func(a, b problems.Problem) bool { return a == b })
}

// leaves returns the errors that are not mere groupings of their causes.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		switch ve.ErrorKind.(type) {
		case *kind.Group, *kind.Schema, *kind.AllOf:
			return nil
		}
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// problemsFor turns one validator error into problems people can act on.
func (cs compiled) problemsFor(file string, root *yaml.Node, doc any, ve *jsonschema.ValidationError) problems.List {
	var probs problems.List
	at := strings.Join(ve.InstanceLocation, ".")
	sub := cs.subschema(ve.SchemaURL)
	note := func(s map[string]any, key string) string {
		v, _ := s[key].(string)
		return v
	}
	join := func(base, name string) string {
		if base == "" {
			return name
		}
		return base + "." + name
	}
	switch k := ve.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		known := propertyNames(sub)
		for _, p := range k.Properties {
			path := join(at, p)
			probs.Add(file, yamlfile.Line(root, path), path, fmt.Sprintf("unknown field %q", p),
				"check the spelling; the fields here are: "+strings.Join(known, ", "))
		}
	case *kind.Required:
		props, _ := sub["properties"].(map[string]any)
		for _, p := range k.Missing {
			fix, _ := props[p].(map[string]any)
			probs.Add(file, yamlfile.Line(root, at), join(at, p), "missing", or(note(fix, "x-fix"), or(note(sub, "x-fix"), "add the "+p+" section, as in the sample kiosk.yaml")))
		}
	case *kind.Type:
		fix := note(sub, "x-fix")
		if fix == "" && slices.Contains(k.Want, "object") {
			fix = "put its fields on the lines below it, indented, as in the sample kiosk.yaml"
		}
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("must be %s, not %s", article(k.Want), gotName(k)), fix)
	case *kind.Pattern, *kind.Not:
		msg := fmt.Sprintf("%q is not %s", valueAt(doc, ve.InstanceLocation), or(note(sub, "x-pattern"), "valid"))
		if m := note(sub, "x-msg"); m != "" {
			msg = m
		}
		probs.Add(file, yamlfile.Line(root, at), at, msg, note(sub, "x-fix"))
	case *kind.MinLength:
		msg := fmt.Sprintf("is too short: %d characters, at least %d", k.Got, k.Want)
		if k.Want == 1 {
			msg = "must not be empty"
		}
		probs.Add(file, yamlfile.Line(root, at), at, msg, note(sub, "x-fix"))
	case *kind.MaxLength:
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("is too long: %d characters, at most %d", k.Got, k.Want), note(sub, "x-fix"))
	case *kind.Minimum:
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("%s is too small: at least %s", k.Got.RatString(), k.Want.RatString()), note(sub, "x-fix"))
	case *kind.Maximum:
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("%s is too large: at most %s", k.Got.RatString(), k.Want.RatString()), note(sub, "x-fix"))
	case *kind.MinItems:
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("must list at least %d", k.Want), note(sub, "x-fix"))
	case *kind.UniqueItems:
		dup := join(at, strconv.Itoa(k.Duplicates[1]))
		probs.Add(file, yamlfile.Line(root, dup), dup, fmt.Sprintf("%v is listed twice", valueAt(doc, append(slices.Clone(ve.InstanceLocation), strconv.Itoa(k.Duplicates[1])))), note(sub, "x-fix"))
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		probs.Add(file, yamlfile.Line(root, at), at, fmt.Sprintf("%q is not one of %s", fmt.Sprint(k.Got), strings.Join(want, ", ")), note(sub, "x-fix"))
	default:
		msg := ve.ErrorKind.LocalizedString(message.NewPrinter(language.English))
		if m := note(sub, "x-msg"); m != "" {
			msg = m
		}
		probs.Add(file, yamlfile.Line(root, at), at, msg, note(sub, "x-fix"))
	}
	return probs
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// article names JSON types the way IT staff read them.
func article(types []string) string {
	names := map[string]string{
		"object": "a section of fields", "array": "a list", "string": "a text", "integer": "a whole number",
		"number": "a number", "boolean": "true or false", "null": "empty",
	}
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = or(names[t], t)
	}
	return strings.Join(out, " or ")
}

func gotName(k *kind.Type) string {
	if k.Got == "number" && slices.Contains(k.Want, "integer") {
		return "a decimal number"
	}
	return article([]string{k.Got})
}

// subschema finds the schema object at url ("kiosk.schema.json#/properties/x").
func (cs compiled) subschema(url string) map[string]any {
	_, ptr, _ := strings.Cut(url, "#")
	var cur any = cs.raw
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}

func propertyNames(s map[string]any) []string {
	props, _ := s["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func valueAt(doc any, loc []string) any {
	cur := doc
	for _, tok := range loc {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, _ := strconv.Atoi(tok)
			if i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		}
	}
	return cur
}
