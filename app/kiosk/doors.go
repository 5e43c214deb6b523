package kiosk

import (
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"

	"tramhocso/app/api"
	"tramhocso/app/connlimit"
)

// The phone door's share of the process's file descriptors, and its
// timeouts (docs/handoff.md, "Threat model"; docs/decisions.md). Each open
// phone connection costs one descriptor. The rest of the kiosk — the kiosk
// door and its connections, bbolt, the log, the backup socket, WebKit's
// sockets and pipes, espeak-ng's pipes, the statistics uploads — needs far
// fewer than fdReserve. With the soft RLIMIT_NOFILE raised to the hard one
// (systemd's default hard limit is 524288), 512 + 512 fit even in the
// historical 1024; when the limit is lower the phone cap shrinks (Budget)
// so the reserve always stays free.
const (
	phoneConnsWanted  = 512 // max_phone_sessions (50) × a browser's 6 connections per host, with room
	phoneConnsPerAddr = 16  // one phone: two browsers' 6 connections each, with room
	fdReserve         = 512 // never taken by the phone door

	// A phone connection that has not sent its request headers within
	// phoneHeaderTimeout, or sits idle between requests for longer than
	// phoneIdleTimeout, is closed: an idle phone costs a descriptor.
	phoneHeaderTimeout = 5 * time.Second
	phoneIdleTimeout   = 15 * time.Second
)

// phoneLimits are the phone door's connection caps for this process.
func (k *Kiosk) phoneLimits() connlimit.Limits {
	fdLimit, err := connlimit.FileLimit()
	if err != nil {
		k.log.Warn("phone door: cannot read the open-file limit; keeping the default cap", "err", err)
		fdLimit = phoneConnsWanted + fdReserve
	}
	total, reduced := connlimit.Budget(fdLimit, fdReserve, phoneConnsWanted)
	if reduced {
		k.log.Warn("phone door: the open-file limit is low; fewer phone connections at once",
			"nofile", fdLimit, "reserve", fdReserve, "phone_connections", total)
	}
	return connlimit.Limits{Total: total, PerAddr: min(phoneConnsPerAddr, total)}
}

// phoneHosts is the phone door's Host allow-list: what the QR codes and
// the printed address point to (base), and the listener's own addresses
// (each of the machine's addresses when it listens on all of them), for a
// reverse proxy that passes the backend's address, or a phone typing the
// IP address staff read out. An IP literal is never a DNS-rebinding name.
func phoneHosts(base *url.URL, ln net.Addr, ifaces Interfaces) []string {
	hosts := append(api.HostsOf(base), api.ListenerHosts(ln, ifaces)...)
	slices.Sort(hosts)
	return slices.Compact(hosts)
}

// DoorHandler is a door's whole site (API and frontend) behind the
// provenance checks for hosts, its exact Host allow-list
// (api.Provenance): what every TCP listener of the kiosk serves.
func (k *Kiosk) DoorHandler(door api.Door, hosts []string) http.Handler {
	return api.Provenance(door, hosts, k.log, k.SiteHandler(door))
}

// logConnRefusals reports, once per sweep, that the phone door closed
// connections over its caps since the last report (counts only).
func logConnRefusals(log *slog.Logger, ln *connlimit.Listener, last *connlimit.Stats) {
	st := ln.Stats()
	if st.RefusedTotal != last.RefusedTotal || st.RefusedPerAddr != last.RefusedPerAddr {
		log.Warn("phone door: connections over the cap were closed",
			"over_total", st.RefusedTotal-last.RefusedTotal, "over_per_address", st.RefusedPerAddr-last.RefusedPerAddr,
			"open", st.Open, "highest_open", st.HighestOpen, "cap", ln.Limits().Total)
	}
	*last = st
}
