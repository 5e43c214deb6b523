package config

import (
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"gopkg.in/yaml.v3"
)

// brokenRules lists the schema rules (JSON pointer of the keyword) that a
// kiosk.yaml breaks, for TestSchemaRulesCovered.
func brokenRules(data []byte) []string {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	doc := root.Content[0]
	vn := mapValue(doc, "version")
	v, err := strconv.Atoi(nodeValue(vn))
	if err != nil || vn.ShortTag() != "!!int" || v < 1 || v > CurrentVersion {
		return nil // parse stops before the schema
	}
	migrate(doc, v)
	budget := maxNodes
	val, err := toJSONValue(&root, &budget)
	if err != nil {
		return nil
	}
	err = theSchema().schema.Validate(val)
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var out []string
	for _, l := range leaves(ve) {
		_, ptr, _ := strings.Cut(l.SchemaURL, "#")
		kw := l.ErrorKind.KeywordPath()
		switch l.ErrorKind.(type) {
		case *kind.Not:
			kw = []string{"not"}
		case *kind.DependentRequired:
			kw = kw[:1]
		}
		out = append(out, ptr+"/"+strings.Join(kw, "/"))
	}
	return out
}
