package config

import (
	"fmt"
	"strconv"

	"gopkg.in/yaml.v3"
)

// A migration rewrites a decoded kiosk.yaml of version N (its index in
// migrations, plus one) into version N+1, in place on the YAML node tree so
// that every moved value keeps its line number for error messages. It
// returns notes for the person who wrote the file.
type migration func(doc *yaml.Node) []string

// migrations[i] upgrades version i+1 to i+2; CurrentVersion is
// len(migrations)+1.
var migrations = [...]migration{
	migrateV1toV2,
}

// migrateV1toV2: version 1 (the first builds) had kiosk.name as the name on
// screen; version 2 calls that branding.name, next to the logo.
func migrateV1toV2(doc *yaml.Node) []string {
	kiosk := mapValue(doc, "kiosk")
	if kiosk == nil || kiosk.Kind != yaml.MappingNode {
		return nil
	}
	key, val := removeKey(kiosk, "name")
	if key == nil {
		return nil
	}
	branding := mapValue(doc, "branding")
	if branding == nil {
		branding = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: key.Line, Column: key.Column}
		doc.Content = append(doc.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "branding", Line: key.Line, Column: 1}, branding)
	}
	if branding.Kind == yaml.MappingNode && mapValue(branding, "name") == nil {
		branding.Content = append(branding.Content, key, val)
		return []string{"kiosk.name is now branding.name"}
	}
	return []string{"kiosk.name was dropped: branding.name is already set"}
}

// migrate upgrades doc (the root mapping) from version to CurrentVersion.
func migrate(doc *yaml.Node, version int) []string {
	var notes []string
	for v := version; v < CurrentVersion; v++ {
		notes = append(notes, migrations[v-1](doc)...)
	}
	if vn := mapValue(doc, "version"); vn != nil {
		vn.Value, vn.Tag = strconv.Itoa(CurrentVersion), "!!int"
	}
	if version < CurrentVersion {
		notes = append(notes, fmt.Sprintf("written for version %d and upgraded on reading; set `version: %d` after making the changes above", version, CurrentVersion))
	}
	return notes
}

// mapValue returns the value under key in mapping m, or nil.
func mapValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// removeKey deletes key from mapping m and returns the removed pair.
func removeKey(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			k, v = m.Content[i], m.Content[i+1]
			m.Content = append(m.Content[:i:i], m.Content[i+2:]...)
			return k, v
		}
	}
	return nil, nil
}
