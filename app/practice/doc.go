// Package practice models practice packs and runs them: a practice of one
// online public-service procedure, written as data (YAML files in
// kiosk-config/practice/, shape in schema/pack.schema.json) so that a
// province can add its own without code. docs/practice-packs.md is the
// authors' guide.
//
// Loading (LoadLibrary) validates every pack against the JSON Schema, then
// checks ids, references, rule/field fit, show_if conditions (expr-lang,
// compiled once per pack against the answers' shape) and images, and walks
// each pack's persona through the whole practice; every problem is reported
// as file:line: path: problem (fix).
//
// The engine is pure: it reads packs from the fs.FS it is given and does no
// other I/O, never reads the clock (now is passed in) and never panics on
// any input. A running practice is one JSON-serialisable Progress; Pack
// methods answer the current step (View), which fields show (Visible), what
// is wrong with a submitted step (Submit: FieldErrors with stable codes and
// vi/en messages, or the move to the next step), Back, GoTo from a review
// page, Help (hints and examples used) and the final Summary. Progress keeps
// the citizen's answers in Personal, apart from the anonymous Score, so
// WipePersonal leaves only counters.
package practice
