// Package config loads a kiosk-config directory: kiosk.yaml (identity, site,
// languages, where the practice packs live) plus the files next to it.
//
// The directory is read through an fs.FS, so the same code loads a real
// provisioning directory (os.DirFS("/etc/tramhocso")) and the sample that is
// embedded in the binary. Loading never stops at the first mistake: every
// problem is returned at once as a problems.List, each with file:line.
//
// kiosk.yaml is checked against an embedded JSON Schema (kiosk.schema.json)
// whose x-fix notes become the "how to fix" part of each problem; older
// versions are migrated in memory (migrate.go). Watch notices changes in the
// directory tree and LastGood keeps a copy of the last valid configuration
// in the data directory: the kiosk package combines them into live reload
// (see docs/provisioning.md).
package config
