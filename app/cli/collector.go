package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tramhocso/app/collector"
	"tramhocso/app/practice"
	"tramhocso/app/staff"
	"tramhocso/app/stats/wire"
)

const collectorUsage = `Usage:
  tramhocso collector [--listen ADDR] [--registry FILE] [--db FILE]
      receive kiosk statistics (POST /v1/batches) and serve GET /report, /report.csv
      and the console (sign-in; GET /fleet, /report, /report.csv, /report.xlsx, /charts)
      --db FILE is a bbolt file; --db postgres://user@host/dbname is PostgreSQL (several
      collectors may share one). --silent-after 26h flags quiet kiosks; --trust-proxy when a
      TLS proxy in front sets X-Forwarded-Proto and X-Forwarded-For. --packs DIR is a
      kiosk-config directory whose packs and skills.yaml name the skill groups in the
      report (default: the built-in sample configuration).
  tramhocso collector keygen --kiosk ID --out FILE
      make a kiosk signing key (mode 0600) and print its registry entry
  tramhocso collector user add --db DB --name NAME (--all | --province P [--commune C ...])
      create or replace a console account; the password is read from standard input
      (one line, at least 12 characters), never from the command line
  tramhocso collector user list --db DB
      list the accounts and what each sees
`

// runCollector is `tramhocso collector`: the reference statistics receiver.
func runCollector(ctx context.Context, args []string, env Env, log *slog.Logger) error {
	if len(args) > 0 && args[0] == "keygen" {
		return runKeygen(args[1:], env)
	}
	if len(args) > 0 && args[0] == "user" {
		return runUser(ctx, args[1:], env)
	}
	fl := newFlags("collector", env)
	fl.Usage = func() { fmt.Fprint(env.Stderr, collectorUsage) }
	listen := fl.String("listen", "127.0.0.1:8780", "address to listen on (host:port)")
	registry := fl.String("registry", "collector/kiosks.yaml", "kiosk registry: ids and keys (mode 0600)")
	dbPath := fl.String("db", "collector/collector.db", "the collector's database: a bbolt file, or a postgres://user@host/db URL")
	silent := fl.Duration("silent-after", collector.DefaultSilentAfter, "flag kiosks silent for longer than this on the fleet page")
	trustProxy := fl.Bool("trust-proxy", false, "a TLS proxy in front sets X-Forwarded-Proto and X-Forwarded-For")
	packs := fl.String("packs", "", "kiosk-config directory whose packs and skills.yaml name the report's skill groups (default: the built-in sample)")
	if err := parse(fl, args); err != nil {
		return err
	}
	skills, err := collectorSkills(*packs, env)
	if err != nil {
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
	c, err := collector.Open(ctx, *dbPath, reg, collector.Options{Logger: log, SilentAfter: *silent, TrustProxy: *trustProxy, Skills: skills})
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
	fmt.Fprintf(env.Stdout, "Trạm Học Số collector: %d kiosks registered, receiving on http://%s%s, console at http://%s/fleet\n",
		reg.Len(), ln.Addr(), wire.Path, ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("collector: %w", err)
	}
	return nil
}

// collectorSkills reads which skill groups each pack trains from a
// kiosk-config directory (or the built-in sample), for the report.
func collectorSkills(dir string, env Env) (*collector.Skills, error) {
	fsys, name := env.SampleConfig, "the built-in sample configuration"
	if dir != "" {
		fsys, name = os.DirFS(dir), dir
	}
	if fsys == nil {
		return nil, nil
	}
	// No persona walk (a zero Now): the collector needs only which packs
	// train which groups, and must not refuse to start because a pack's
	// sample data no longer passes on today's date.
	lib, err := practice.LoadLibrary(fsys, "practice", practice.LoadOptions{})
	if err != nil {
		return nil, fmt.Errorf("reading the practice packs of %s (for the report's skill groups): %w", name, err)
	}
	sk := &collector.Skills{Framework: lib.Skills.Framework, PackAreas: map[string][]string{}}
	for _, a := range lib.Skills.Areas {
		sk.Groups = append(sk.Groups, collector.SkillGroup{Area: a.ID, Group: a.Group, VI: a.Title.VI, EN: a.Title.EN})
	}
	for _, p := range lib.Packs {
		sk.PackAreas[p.ID] = p.Areas()
	}
	return sk, nil
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

type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ", ") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// runUser is `tramhocso collector user add|list`.
func runUser(ctx context.Context, args []string, env Env) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "list") {
		fmt.Fprint(env.Stderr, collectorUsage)
		return errUsage
	}
	fl := newFlags("collector user "+args[0], env)
	fl.Usage = func() { fmt.Fprint(env.Stderr, collectorUsage) }
	dbPath := fl.String("db", "collector/collector.db", "the collector's database (file or postgres:// URL)")
	name := fl.String("name", "", "account name (lower-case letters, digits, . - _)")
	all := fl.Bool("all", false, "the account sees every province")
	province := fl.String("province", "", "the province the account sees (as the kiosks' site.province)")
	var communes stringList
	fl.Var(&communes, "commune", "a commune of --province the account sees (repeat; none: the whole province)")
	if err := parse(fl, args[1:]); err != nil {
		return err
	}
	if !collector.IsPostgres(*dbPath) {
		if _, err := os.Stat(*dbPath); err != nil && args[0] == "list" {
			return fmt.Errorf("collector database %s: %w", *dbPath, err)
		}
		if err := os.MkdirAll(filepath.Dir(*dbPath), 0o700); err != nil {
			return fmt.Errorf("creating the database directory: %w", err)
		}
	}
	st, err := collector.OpenStore(ctx, *dbPath)
	if err != nil {
		return err
	}
	defer st.Close()
	if args[0] == "list" {
		accounts, err := st.Accounts(ctx)
		if err != nil {
			return err
		}
		for _, a := range accounts {
			fmt.Fprintf(env.Stdout, "%s\t%s\n", a.Name, a.Scope)
		}
		return nil
	}
	scope := collector.Scope{All: *all, Province: *province, Communes: communes}
	if *all && (*province != "" || len(communes) > 0) {
		fmt.Fprint(env.Stderr, "user add: --all or --province (with --commune), not both\n")
		return errUsage
	}
	if len(communes) > 0 && *province == "" {
		fmt.Fprint(env.Stderr, "user add: --commune needs --province\n")
		return errUsage
	}
	if err := collector.CheckAccountName(*name); err != nil {
		return err
	}
	in := env.Stdin
	if in == nil {
		in = os.Stdin
	}
	fmt.Fprintf(env.Stderr, "Mật khẩu cho %s (một dòng) / password for %s (one line): ", *name, *name)
	line, err := bufio.NewReader(io.LimitReader(in, 2048)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the password: %w", err)
	}
	fmt.Fprintln(env.Stderr)
	pw := strings.TrimRight(line, "\r\n")
	if err := collector.AddAccount(ctx, st, *name, pw, scope, staff.DefaultParams(), time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "account %s saved: sees %s\n", *name, scope)
	return nil
}
