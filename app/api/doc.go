// Package api is the one HTTP API of Trạm Học Số: JSON under /api/, used by
// the same Svelte frontend through two doors.
//
//   - The kiosk door: mounted in-process as the Wails AssetServer handler, so
//     requests from the kiosk window never leave the process; the headless
//     `serve` mode puts the same door on a TCP listener.
//   - The phone door: a LAN listener (hand-off work) that exposes only the
//     routes registered for phones; every other route is absent (404).
//
// Every route names the doors it is served on. Errors are JSON
// {"code": "...", "message": "..."} with the message in Vietnamese, or in
// English when the request's Accept-Language prefers it. Request logs carry the
// route pattern, never the raw path, so ids and tokens in URLs stay out of logs.
package api
