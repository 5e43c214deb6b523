// Package staff is the digital ambassadors' side of the kiosk. For now it
// holds the staff PIN: argon2id hashes in the PHC string format that
// kiosk.yaml's staff.pin_hash carries and `tramhocso hash-pin` prints. The
// staff-mode issue extends it (PIN throttling, staff sessions).
package staff
