// Package handoff moves a citizen from the kiosk to their own phone.
//
//   - wifi.go: the Wi-Fi joining QR payload (WIFI:T:WPA;S:...;P:...;;) with the
//     ZXing escaping rules.
//   - qr.go: the QR images (PNG, high contrast) and the contents of the five kinds:
//     join Wi-Fi, continue this session, take the checklist home (the text itself, so
//     it works when the phone cannot reach the kiosk), open the real service, and
//     practise on your own phone.
//   - token.go: one-time hand-off tokens: 128-bit random, only their SHA-256 kept in
//     bbolt, single use, short-lived, rotated while the QR is on screen.
//   - ratelimit.go: claims limited per client address.
//
// Tokens are secrets: they are never logged, and the API logs route patterns only.
package handoff
