package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"tramhocso/app/kiosk"
	"tramhocso/app/problems"
	"tramhocso/app/version"
)

// DefaultListen is where headless mode listens when not told otherwise.
const DefaultListen = "127.0.0.1:8765"

// SystemConfigDir is where an installed kiosk keeps its kiosk-config.
const SystemConfigDir = "/etc/tramhocso"

// SystemDataDir is where an installed kiosk keeps its database.
const SystemDataDir = "/var/lib/tramhocso"

// Env is the outside world as the command line sees it.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader // nil: os.Stdin (hash-pin reads the PIN)
	Getenv         func(string) string
	Getwd          func() (string, error)
	Assets         fs.FS // the built frontend
	SampleConfig   fs.FS // the embedded sample kiosk-config (root holds kiosk.yaml)
	// DefaultListen overrides the package's DefaultListen (tests use port 0).
	DefaultListen string
}

func (e Env) defaultListen() string {
	if e.DefaultListen != "" {
		return e.DefaultListen
	}
	return DefaultListen
}

const usage = `Trạm Học Số — kiosk for practising online public services

Usage:
  tramhocso [--config DIR] [--data DIR]          run the kiosk window (full screen);
                                                 without a display, runs serve instead
  tramhocso serve [--listen ADDR] [--config DIR] [--data DIR]
                                                 run the same app headless, in a browser
  tramhocso validate [DIR]                       check a kiosk-config directory
  tramhocso hash-pin                             make a staff PIN hash for kiosk.yaml (reads the PIN)
  tramhocso init-config DIR                      write a complete starting kiosk-config directory
  tramhocso backup [--data DIR] FILE             copy the database to FILE (while the kiosk runs)
  tramhocso collector [--listen ADDR] [--registry FILE] [--db FILE]
                                                 receive kiosk statistics; report at /report
  tramhocso doctor [--config DIR] [--data DIR]  check this PC can run the kiosk; says what to fix
  tramhocso version                              print the version

Defaults: --config is ./kiosk-config when it exists, else /etc/tramhocso, else the
built-in sample; --data is ./.data next to ./kiosk-config, else /var/lib/tramhocso.
`

// Run executes one command line and returns the process exit code.
func Run(ctx context.Context, args []string, env Env) int {
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = runKiosk(ctx, args, env, log)
	case "serve":
		err = runServe(ctx, args, env, log)
	case "validate":
		err = runValidate(args, env)
	case "hash-pin":
		err = runHashPIN(args, env)
	case "init-config":
		err = runInitConfig(args, env)
	case "collector":
		err = runCollector(ctx, args, env, log)
	case "doctor":
		err = runDoctor(ctx, args, env)
	case "backup":
		err = runBackup(ctx, args, env)
	case "version":
		fmt.Fprintln(env.Stdout, version.Get().String())
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
	default:
		fmt.Fprintf(env.Stderr, "unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	var exit *kiosk.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.Code
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(env.Stderr, "tramhocso: %v\n", err)
		return 1
	}
}

var errUsage = errors.New("usage")

type common struct {
	configDir, dataDir string
}

func (c *common) register(fl *flag.FlagSet) {
	fl.StringVar(&c.configDir, "config", "", "kiosk-config directory")
	fl.StringVar(&c.dataDir, "data", "", "data directory for the database")
}

func newFlags(name string, env Env) *flag.FlagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(env.Stderr)
	fl.Usage = func() { fmt.Fprint(env.Stderr, usage) }
	return fl
}

func parse(fl *flag.FlagSet, args []string) error {
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(fl.Output(), "unexpected argument %q\n", fl.Arg(0))
		return errUsage
	}
	return nil
}

// resolve picks the config and data directories.
func (c common) resolve(env Env) (kiosk.Options, error) {
	opts := kiosk.Options{Assets: env.Assets}
	wd, err := env.Getwd()
	if err != nil {
		return opts, fmt.Errorf("finding the working directory: %w", err)
	}
	inRepo := false
	switch {
	case c.configDir != "":
		opts.Config, opts.ConfigName, opts.ConfigDir = os.DirFS(c.configDir), c.configDir, c.configDir
	case exists(filepath.Join(wd, "kiosk-config", "kiosk.yaml")):
		dir := filepath.Join(wd, "kiosk-config")
		opts.Config, opts.ConfigName, opts.ConfigDir, inRepo = os.DirFS(dir), dir, dir, true
	case exists(filepath.Join(SystemConfigDir, "kiosk.yaml")):
		opts.Config, opts.ConfigName, opts.ConfigDir = os.DirFS(SystemConfigDir), SystemConfigDir, SystemConfigDir
	default:
		opts.Config, opts.ConfigName, inRepo = env.SampleConfig, "built-in sample configuration", true
	}
	if opts.BenchSessions, err = benchSessions(env.Getenv); err != nil {
		return opts, err
	}
	if opts.BenchStressS, err = benchStress(env.Getenv); err != nil {
		return opts, err
	}
	switch {
	case c.dataDir != "":
		opts.DataDir = c.dataDir
	case inRepo:
		opts.DataDir = filepath.Join(wd, ".data")
	default:
		opts.DataDir = SystemDataDir
	}
	return opts, nil
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func runServe(ctx context.Context, args []string, env Env, log *slog.Logger) error {
	fl := newFlags("serve", env)
	var c common
	c.register(fl)
	listen := fl.String("listen", env.defaultListen(), "address to listen on (host:port; port 0 picks a free one)")
	if err := parse(fl, args); err != nil {
		return err
	}
	return serve(ctx, c, *listen, env, log)
}

func serve(ctx context.Context, c common, listen string, env Env, log *slog.Logger) error {
	opts, err := c.resolve(env)
	if err != nil {
		return err
	}
	opts.Logger = log
	k, err := kiosk.Open(ctx, opts)
	if err != nil {
		return err
	}
	defer k.Close()
	if strings.HasPrefix(opts.ConfigName, "built-in") {
		log.Warn("no kiosk-config directory found: running on the built-in sample configuration")
	}
	ctx, cancel := k.ExitContext(ctx) // the staff panel's restart and exit
	defer cancel()
	defer startPhone(ctx, k, env, log)()
	return k.ExitErr(k.Serve(ctx, listen, func(url string) {
		fmt.Fprintf(env.Stdout, "Trạm Học Số is serving on %s (headless mode: open it in a browser)\n", url)
	}))
}

func runKiosk(ctx context.Context, args []string, env Env, log *slog.Logger) error {
	fl := newFlags("tramhocso", env)
	var c common
	c.register(fl)
	if err := parse(fl, args); err != nil {
		return err
	}
	switch {
	case !kiosk.WindowSupported:
		fmt.Fprintf(env.Stdout, "This build has no window support; starting headless serve mode instead.\n")
		return serve(ctx, c, env.defaultListen(), env, log)
	case env.Getenv("DISPLAY") == "" && env.Getenv("WAYLAND_DISPLAY") == "":
		fmt.Fprintf(env.Stdout, "No display found (DISPLAY and WAYLAND_DISPLAY are not set); starting headless serve mode instead.\n")
		return serve(ctx, c, env.defaultListen(), env, log)
	}
	opts, err := c.resolve(env)
	if err != nil {
		return err
	}
	opts.Logger = log
	// The window starts while the kiosk opens (decision 127).
	return kiosk.RunWindow(ctx, opts, func(ctx context.Context, k *kiosk.Kiosk) func() {
		return startPhone(ctx, k, env, log)
	})
}

func runValidate(args []string, env Env) error {
	fl := newFlags("validate", env)
	if err := fl.Parse(args); err != nil {
		return errUsage
	}
	dir := "kiosk-config"
	switch fl.NArg() {
	case 0:
	case 1:
		dir = fl.Arg(0)
	default:
		fmt.Fprintln(env.Stderr, "validate takes one directory")
		return errUsage
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	snap, err := kiosk.LoadSnapshot(os.DirFS(dir))
	if err != nil {
		probs := problems.From("kiosk.yaml", err)
		for _, p := range probs {
			p.File = filepath.Join(dir, p.File)
			fmt.Fprintln(env.Stdout, p.String())
		}
		return fmt.Errorf("%s: %d problem(s)", dir, len(probs))
	}
	fmt.Fprintf(env.Stdout, "%s: OK (kiosk %s, %d practice packs, config id %s)\n", dir, snap.KioskID, len(snap.Catalog), snap.ConfigID)
	if snap.Config != nil {
		for _, n := range snap.Config.Notes {
			fmt.Fprintf(env.Stdout, "%s: note: %s\n", filepath.Join(dir, "kiosk.yaml"), n)
		}
	}
	return nil
}
