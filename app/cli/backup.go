package cli

import (
	"context"
	"fmt"
	"time"

	"tramhocso/app/store"
)

// runBackup copies the database to FILE: online from the running kiosk
// (bbolt's Tx.WriteTo over the kiosk's backup socket) or, when none runs,
// straight from the file after checking it.
func runBackup(ctx context.Context, args []string, env Env) error {
	fl := newFlags("backup", env)
	var c common
	c.register(fl)
	if err := fl.Parse(args); err != nil {
		return errUsage
	}
	if fl.NArg() != 1 {
		fmt.Fprintln(env.Stderr, "backup takes one destination file: tramhocso backup [--data DIR] FILE")
		return errUsage
	}
	opts, err := c.resolve(env)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	n, online, err := store.BackupTo(ctx, opts.DataDir, fl.Arg(0))
	if err != nil {
		return err
	}
	how := "from the database file (no kiosk running)"
	if online {
		how = "from the running kiosk"
	}
	fmt.Fprintf(env.Stdout, "Đã sao lưu %d byte vào %s / backed up %d bytes to %s, %s\n", n, fl.Arg(0), n, fl.Arg(0), how)
	return nil
}
