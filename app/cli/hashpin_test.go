package cli

import (
	"context"
	"strings"
	"testing"

	"tramhocso/app/staff"
)

// TestHashPIN: hash-pin prints a hash with mindigits=6 for a 6-digit PIN
// and refuses shorter PINs with the rule in both languages.
func TestHashPIN(t *testing.T) {
	env, out, errOut := testEnv(t, nil)
	env.Stdin = strings.NewReader("246810\n")
	if code := Run(context.Background(), []string{"hash-pin"}, env); code != 0 {
		t.Fatalf("hash-pin 246810: exit %d: %s", code, errOut)
	}
	h := strings.TrimSpace(out.String())
	if !strings.Contains(h, ",mindigits=6$") {
		t.Fatalf("the hash must state mindigits=6: %s", h)
	}
	if ok, err := staff.VerifyPIN(h, "246810"); err != nil || !ok {
		t.Fatalf("the printed hash does not verify: %v %v", ok, err)
	}
	for _, pin := range []string{"2468", "24681"} {
		env, out, errOut := testEnv(t, nil)
		env.Stdin = strings.NewReader(pin + "\n")
		if code := Run(context.Background(), []string{"hash-pin"}, env); code == 0 || out.String() != "" {
			t.Fatalf("hash-pin %s: exit %d, printed %q", pin, code, out)
		}
		if !strings.Contains(errOut.String(), "6 to 12 digits") || !strings.Contains(errOut.String(), "6–12 chữ số") {
			t.Errorf("hash-pin %s: the message must give the rule: %s", pin, errOut)
		}
	}
}
