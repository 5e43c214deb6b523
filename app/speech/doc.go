// Package speech reads text aloud for the kiosk's speaker buttons: it runs
// espeak-ng (Vietnamese voice "vi", English "en") through os/exec with a
// context and a timeout, returns a WAV file, and keeps recent answers in a
// memory cache bounded by bytes (least recently used first out).
//
// The text is passed on standard input, never on the command line, and never
// logged: it may be an instruction, but it may also be an error message that
// repeats what a citizen typed. When espeak-ng (or its voice) is missing,
// Check says why and the API reports the feature as unavailable, so the
// frontend hides its speaker buttons.
package speech
