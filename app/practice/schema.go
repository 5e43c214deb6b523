package practice

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
	"tramhocso/app/yamlfile"
)

// SchemaJSON is the JSON Schema of a practice pack (schema/pack.schema.json).
//
//go:embed schema/pack.schema.json
var SchemaJSON []byte

const schemaURL = "https://tramhocso.local/schema/pack.schema.json"

// compileSchema compiles SchemaJSON. It is called once per LoadLibrary (the
// package keeps no mutable state); it costs well under a millisecond.
func compileSchema() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
	if err != nil {
		return nil, fmt.Errorf("reading the pack schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("adding the pack schema: %w", err)
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compiling the pack schema: %w", err)
	}
	return s, nil
}

// schemaProblems validates the YAML document root against the schema and
// returns one problem per failing leaf, at the line of the value.
func schemaProblems(sch *jsonschema.Schema, file string, root *yaml.Node) problems.List {
	var v any
	if err := root.Decode(&v); err != nil {
		return problems.List{{File: file, Line: yamlfile.Line(root, ""), Msg: err.Error()}}
	}
	// Round-trip through JSON so the values are the types the validator
	// expects (float64/json.Number, map[string]any), and so YAML-only
	// shapes (non-string keys) are reported rather than mis-read.
	data, err := json.Marshal(jsonable(v))
	if err != nil {
		return problems.List{{File: file, Line: yamlfile.Line(root, ""), Msg: "cannot read as data: " + err.Error()}}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return problems.List{{File: file, Msg: err.Error()}}
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return problems.List{{File: file, Msg: err.Error()}}
	}
	p := message.NewPrinter(language.English)
	var probs problems.List
	seen := map[string]bool{}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		path := strings.Join(e.InstanceLocation, ".")
		msg := e.ErrorKind.LocalizedString(p)
		if ap, ok := e.ErrorKind.(*kind.AdditionalProperties); ok && len(ap.Properties) > 0 {
			// Point at the unknown key itself, not at its parent.
			path = strings.TrimPrefix(path+"."+ap.Properties[0], ".")
		}
		if seen[path+msg] {
			return
		}
		seen[path+msg] = true
		probs.Add(file, yamlfile.Line(root, path), path, msg, "see docs/practice-packs.md for this part of a pack")
	}
	walk(ve)
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return probs
}

// jsonable turns what yaml.v3 decodes into values encoding/json accepts.
func jsonable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonable(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonable(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonable(x)
		}
		return out
	}
	return v
}
