// Package staff is the digital ambassadors' side of the kiosk:
//
//   - the staff PIN: argon2id hashes in the PHC string format that
//     kiosk.yaml's staff.pin_hash carries and `tramhocso hash-pin` prints
//     (pin.go);
//   - PIN throttling whose counters live in bbolt so a restart does not
//     reset them (throttle.go), and short staff sessions behind an
//     unguessable token (session.go), both through Service.Login;
//   - help requests raised from the practice screens ("Gọi cán bộ hỗ
//     trợ"): kiosk id, pack and step, never an answer (help.go).
//
// Service owns two bbolt buckets, staff_pin and staff_help, created by Open.
package staff
