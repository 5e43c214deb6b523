package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"tramhocso/app/collector"
	"tramhocso/app/stats/wire"
)

const collectorUsage = `Usage:
  tramhocso collector [--listen ADDR] [--registry FILE] [--db FILE]
      receive kiosk statistics (POST /v1/batches) and serve GET /report, /report.csv
  tramhocso collector keygen --kiosk ID --out FILE
      make a kiosk signing key (mode 0600) and print its registry entry
`

// runCollector is `tramhocso collector`: the reference statistics receiver.
func runCollector(ctx context.Context, args []string, env Env, log *slog.Logger) error {
	if len(args) > 0 && args[0] == "keygen" {
		return runKeygen(args[1:], env)
	}
	fl := newFlags("collector", env)
	fl.Usage = func() { fmt.Fprint(env.Stderr, collectorUsage) }
	listen := fl.String("listen", "127.0.0.1:8780", "address to listen on (host:port)")
	registry := fl.String("registry", "collector/kiosks.yaml", "kiosk registry: ids and keys (mode 0600)")
	dbPath := fl.String("db", "collector/collector.db", "the collector's database: a bbolt file, or a postgres://user@host/db URL")
	if err := parse(fl, args); err != nil {
		return err
	}
	reg, err := collector.LoadRegistry(*registry)
	if err != nil {
		return err
	}
	if !collector.IsPostgres(*dbPath) {
		if err := os.MkdirAll(filepath.Dir(*dbPath), 0o700); err != nil {
			return fmt.Errorf("creating the database directory: %w", err)
		}
	}
	c, err := collector.Open(ctx, *dbPath, reg, collector.Options{Logger: log})
	if err != nil {
		return err
	}
	defer c.Close()
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *listen, err)
	}
	srv := &http.Server{Handler: c.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	fmt.Fprintf(env.Stdout, "Trạm Học Số collector: %d kiosks registered, receiving on http://%s%s, report at http://%s/report\n",
		reg.Len(), ln.Addr(), wire.Path, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("collector: %w", err)
	}
	return nil
}

func runKeygen(args []string, env Env) error {
	fl := newFlags("collector keygen", env)
	fl.Usage = func() { fmt.Fprint(env.Stderr, collectorUsage) }
	kiosk := fl.String("kiosk", "", "the kiosk's id (kiosk.id in its kiosk.yaml)")
	out := fl.String("out", "", "key file to write for the kiosk, e.g. kiosk-config/secrets/stats.key")
	if err := parse(fl, args); err != nil {
		return err
	}
	if !wire.KioskIDRE.MatchString(*kiosk) || *out == "" {
		fmt.Fprint(env.Stderr, "keygen needs --kiosk ID (lower-case letters, digits, dashes) and --out FILE\n\n"+collectorUsage)
		return errUsage
	}
	key, err := wire.NewKey()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(*out), err)
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("writing the key (an existing key is never overwritten): %w", err)
	}
	if _, err := fmt.Fprintln(f, key); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", *out, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", *out, err)
	}
	fmt.Fprintf(env.Stdout, "# key written to %s (mode 0600); add this entry to the collector's registry:\n  - id: %s\n    key: %s\n", *out, *kiosk, key)
	return nil
}
