// Package config loads a kiosk-config directory: kiosk.yaml (identity, site,
// languages, where the practice packs live) plus the files next to it.
//
// The directory is read through an fs.FS, so the same code loads a real
// provisioning directory (os.DirFS("/etc/tramhocso")) and the sample that is
// embedded in the binary. Loading never stops at the first mistake: every
// problem is returned at once as a problems.List, each with file:line.
//
// Schema validation, live reload and last-known-good are built on top of this
// (see docs/provisioning.md).
package config
