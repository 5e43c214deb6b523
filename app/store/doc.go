// Package store keeps the kiosk's durable state in one bbolt file
// (tramhocso.db in the data directory).
//
// Open takes bbolt's exclusive file lock with a short timeout; the lock
// doubles as the single-instance guard (ErrLocked). Before any write it
// checks the existing file from end to end and refuses a damaged one with a
// CorruptError that says how to restore a backup; it then runs the schema
// migrations (one transaction, fixtures per past version in testdata/) and
// compacts a file that has grown far past its live data. Backup and
// ListenBackup give consistent online copies (Tx.WriteTo). Keys opens the
// session key file (tramhocso.keys, keys.go): fixed slots overwritten in
// place, never in a backup. The bucket layout is in layout.go and
// docs/sessions.md.
package store
