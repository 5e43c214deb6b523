// Package wire is the upload protocol between a kiosk's statistics outbox
// and a collector: the batch JSON, its validation, the HTTP header names and
// the HMAC-SHA256 signature. Both sides (app/stats and app/collector) use it,
// so they cannot drift apart; docs/upload-protocol.md and
// docs/upload-batch.schema.json describe the same format for other servers,
// and a test checks every batch the kiosk builds against that schema.
package wire
