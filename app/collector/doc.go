// Package collector is the reference receiver of kiosk statistics
// (`tramhocso collector`): a district IT team runs it to gather the batches
// its kiosks upload and to print the ward report.
//
// It verifies each upload's HMAC-SHA256 signature against a registry of
// kiosk keys (a YAML file), accepts each batch id once — a repeat with the
// same bytes is answered 200 "already have it", the same id with other bytes
// 409 — and stores batches and running totals in its own bbolt file, in one
// transaction per batch. GET /report is an HTML table per commune, kiosk and
// pack (starts, finishes, hand-offs, where people got stuck) and
// GET /report.csv the same as CSV; counts under 5 are shown as "<5".
// The wire format is package wire's; docs/upload-protocol.md describes it.
package collector
