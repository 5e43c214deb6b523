// Package yamlfile decodes the YAML files that people write for a kiosk
// (kiosk.yaml, practice packs) strictly, and turns every decoding error into a
// problems.Problem with the file name and line number, so a typo is reported
// as "kiosk.yaml:7: field langauges not found" instead of being ignored.
package yamlfile
