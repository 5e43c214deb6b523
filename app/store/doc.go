// Package store keeps the kiosk's durable state in one bbolt file
// (tramhocso.db in the data directory).
//
// Opening takes bbolt's exclusive file lock with a short timeout; the lock
// doubles as the single-instance guard, so a second Trạm Học Số started on
// the same data directory stops with ErrLocked instead of waiting forever.
// The meta bucket records the schema version.
package store
