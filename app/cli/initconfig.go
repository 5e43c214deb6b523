package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// runInitConfig writes the sample kiosk-config built into the binary to a
// new (or empty) directory: a complete, valid starting point.
func runInitConfig(args []string, env Env) error {
	fl := newFlags("init-config", env)
	if err := fl.Parse(args); err != nil {
		return errUsage
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "init-config takes one directory: tramhocso init-config DIR")
		return errUsage
	}
	dir := fl.Arg(0)
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: choose a new directory (nothing was written) / thư mục không trống", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("checking %s: %w", dir, err)
	}
	if env.SampleConfig == nil {
		return errors.New("this build has no sample configuration")
	}
	if err := os.CopyFS(dir, env.SampleConfig); err != nil {
		return fmt.Errorf("writing the sample configuration to %s: %w", dir, err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "secrets"), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Join(dir, "secrets"), err)
	}
	fmt.Fprintf(env.Stdout, `Wrote a starting kiosk-config to %[1]s. Before deploying it, edit %[1]s/kiosk.yaml:
  - kiosk.id and site: this kiosk's own id and place;
  - staff.pin_hash: the sample's PIN is 246810 — make your own with `+"`tramhocso hash-pin`"+`;
  - statistics: the collector's endpoint, and the key in secrets/ (mode 0600).
Then check it:  tramhocso validate %[1]s
`, dir)
	return nil
}
