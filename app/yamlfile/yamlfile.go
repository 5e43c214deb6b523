package yamlfile

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"tramhocso/app/problems"
)

var lineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// Decode parses data (the contents of file) into v, refusing unknown fields
// and more than one document. It returns the parsed node tree (for Line) and
// every problem found; v is only meaningful when the list is empty.
func Decode(file string, data []byte, v any) (*yaml.Node, problems.List) {
	var probs problems.List
	if len(bytes.TrimSpace(data)) == 0 {
		probs.Add(file, 0, "", "the file is empty", "write the settings, or copy them from the sample kiosk-config")
		return nil, probs
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		return nil, append(probs, fromYAMLError(file, data, err)...)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		probs.Add(file, extra.Line, "", "the file holds more than one YAML document", "remove the second '---' and what follows it")
		return nil, probs
	} else if !errors.Is(err, io.EOF) {
		return nil, append(probs, fromYAMLError(file, data, err)...)
	}
	// Decode the node again through a strict decoder: yaml.Node.Decode has no
	// KnownFields switch, so re-encode is avoided by decoding the bytes.
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(v); err != nil {
		probs = append(probs, fromYAMLError(file, data, err)...)
	}
	return &root, probs
}

func fromYAMLError(file string, data []byte, err error) problems.List {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out problems.List
	for _, m := range msgs {
		line := 0
		if sub := lineRE.FindStringSubmatch(m); sub != nil {
			line, _ = strconv.Atoi(sub[1])
			m = sub[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		fix := ""
		if line > 0 && strings.Contains(lineText(data, line), "\t") {
			fix = "indent with spaces, not tabs"
		}
		out.Add(file, line, "", m, fix)
	}
	return out
}

// Line returns the line of the value at a dotted path ("site.name",
// "steps.2.id") in a decoded document, or of the deepest parent that exists,
// or 0 when root is nil.
func Line(root *yaml.Node, path string) int {
	if root == nil {
		return 0
	}
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	if path == "" {
		return line
	}
	for _, part := range strings.Split(path, ".") {
		next, at := child(n, part)
		if next == nil {
			return line
		}
		n, line = next, at
	}
	return line
}

// child returns the value under key and the line where it is named: the key's
// line in a mapping, the item's line in a sequence.
func child(n *yaml.Node, key string) (*yaml.Node, int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				return n.Content[i+1], n.Content[i].Line
			}
		}
	case yaml.SequenceNode:
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < len(n.Content) {
			return n.Content[i], n.Content[i].Line
		}
	}
	return nil, 0
}

func lineText(data []byte, line int) string {
	lines := bytes.SplitN(data, []byte("\n"), line+1)
	if line-1 < len(lines) {
		return string(lines[line-1])
	}
	return ""
}
