// Package session keeps practice sessions in the kiosk's bbolt file: durable
// across crashes and power cuts, resumable for a short while, and private.
//
// A Record holds what the practice engine needs to continue (the opaque,
// personal Payload) and what anonymous statistics need (the Summary: step
// reached, mistakes per step, hints used — no answers, no free text). Every
// change is one bbolt transaction that is on disk before the call returns,
// so a step the API acknowledged survives a power cut. A live session's
// Payload and HandOff are stored only sealed (AES-256-GCM) under a key of its
// own in the store's key file (seal.go). Finishing, abandoning or expiring a
// session drops them in the same transaction as the status change, which
// also hands the matching Event to the EventSink (the statistics package),
// and destroys the key once that transaction is on disk: what the file's
// free pages or an earlier backup still hold can no longer be read.
//
// The bucket layout and what bbolt's free pages mean for erased data are in
// docs/sessions.md.
package session
