// Package connlimit keeps one listener from using up the process's file
// descriptors: Listener caps the connections open at once, in total and per
// remote address, and FileLimit raises RLIMIT_NOFILE and says how many
// descriptors there are to share out.
//
// The phone door (app/kiosk/phone.go) listens on the touchpoint Wi-Fi, where
// anyone can open connections; the kiosk door (the citizen at the screen)
// shares the process with it. With the phone door capped well below the
// descriptor limit, a flood of phone connections cannot stop the kiosk door
// from accepting its own (docs/handoff.md, threat model; docs/decisions.md).
//
// golang.org/x/net/netutil.LimitListener caps the total only and blocks in
// Accept when full; this package also counts per address and, when a cap is
// reached, accepts the connection and closes it at once, so the kernel's
// backlog keeps draining and the refusal is counted (docs/decisions.md).
package connlimit
