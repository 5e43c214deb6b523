// Package session keeps practice sessions in the kiosk's bbolt file: durable
// across crashes and power cuts, resumable for a short while, and private.
//
// A Record holds what the practice engine needs to continue (the opaque,
// personal Payload) and what anonymous statistics need (the Summary: step
// reached, mistakes per step, hints used — no answers, no free text). Every
// change is one bbolt transaction that is on disk before the call returns,
// so a step the API acknowledged survives a power cut. Finishing, abandoning
// or expiring a session wipes its Payload in the same transaction as the
// status change, and the same transaction hands the matching Event to the
// EventSink (the statistics package).
//
// The bucket layout and what bbolt's free pages mean for erased data are in
// docs/sessions.md.
package session
