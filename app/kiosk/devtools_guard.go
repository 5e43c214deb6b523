//go:build desktop && production && devtools && !debug

package kiosk

// A kiosk release must not ship the WebKit inspector: devtools belong to
// debug builds only (-tags desktop,production,debug,devtools,webkit2_41, what
// `wails build -debug` makes). This constant names an undefined identifier
// on purpose, so a release build with devtools fails here, with the reason
// in the compiler's message.
const _ = devtools_are_for_debug_builds_only_not_for_a_kiosk_release
