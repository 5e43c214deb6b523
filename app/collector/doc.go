// Package collector is the statistics receiver and console of a district or
// province (`tramhocso collector`).
//
// It verifies each upload's HMAC-SHA256 signature against a registry of
// kiosk keys (a YAML file), after a per-kiosk request-rate check and size
// bounds checked before anything is inflated; accepts each batch id once —
// a repeat with the same bytes is answered 200 "already have it", the same
// id with other bytes 409 — and keeps batches, running totals, kiosk state,
// accounts and sessions in a Store: a bbolt file (the default) or
// PostgreSQL (several collectors may share one database; migrations/ holds
// its schema and the views BI tools read).
//
// Everything but POST /v1/batches, the sign-in form and /healthz needs an
// account (argon2id password, a session cookie, a CSRF token on every POST,
// throttled sign-in); an account sees the whole country, one province or
// some of its communes. GET /fleet lists the registered kiosks with their
// health (batch format version 2) and flags silent ones; GET /report is the
// table per commune, kiosk and pack, and per group of the skills framework
// when Options.Skills says which packs train which group (skills.go); GET
// /report.csv and /report.xlsx the pack table as files; GET /charts draws weeks, the step funnel and the commonest
// mistakes as SVG. Counts under 5 are shown as "<5" everywhere.
// The wire format is package wire's; docs/upload-protocol.md describes it.
package collector
