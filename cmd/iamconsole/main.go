package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/iam/organizations"
	"iamconsole/labs"
	"iamconsole/resources/demo"
	s3 "iamconsole/resources/s3"
	"iamconsole/store"
	"iamconsole/web"
)

const usage = `iamconsole — a self-hosted AWS IAM console with Switch Role and an STS/IAM API

Usage:
  iamconsole [serve] [flags]        run the console (default)
  iamconsole init --db PATH --json  bootstrap an empty database, print its credentials
  iamconsole reset-password --account ACCOUNT --user NAME [--password PW] [--require-reset]
  iamconsole lab list | validate FILE | start NAME --json | check ID --json

Run 'iamconsole COMMAND -h' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// defaultGCPercent is the server's GOGC unless the environment sets one.
// Requests allocate quickly but keep little: the live heap is mostly
// caches, so collecting at 5× it instead of 2× costs little memory, and
// three quarters fewer collections take the GC's mark assists out of the
// tail latency (AssumeRole's server-time p99 went from 1.5–3.4 ms to
// 0.2–0.3 ms at 32 connections on 2 cores).
const defaultGCPercent = 400

// setGCPercent applies defaultGCPercent when GOGC (given as env) is unset.
func setGCPercent(env string) {
	if env == "" {
		debug.SetGCPercent(defaultGCPercent)
	}
}

// exitUsage is the exit code for bad flags or environment.
const exitUsage = 2

func run(args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, stdout, stderr)
	case "init":
		return initCmd(args, stdout, stderr)
	case "reset-password":
		return resetPassword(args, stdout, stderr)
	case "lab":
		return labCmd(args, stdout, stderr)
	case "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "iamconsole: unknown command %q\n\n%s", cmd, usage)
		return exitUsage
	}
}

// env reads a string from the environment with a default.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envBool reads a boolean; a bad value is an error.
func envBool(name string) (bool, error) {
	v, ok := os.LookupEnv(name)
	if !ok || v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("%s=%q is not a boolean (use true or false)", name, v)
	}
	return b, nil
}

type serveConfig struct {
	addr, db, keyFile, tlsCert, tlsKey, consoleURL, logLevel, labsDir string
	noDemo, behindProxy                                               bool
}

func serveFlags(fs *flag.FlagSet, cfg *serveConfig) {
	fs.StringVar(&cfg.addr, "addr", env("IAMCONSOLE_ADDR", "127.0.0.1:8080"), "listen address (env IAMCONSOLE_ADDR)")
	fs.StringVar(&cfg.db, "db", env("IAMCONSOLE_DB", defaultDB), "SQLite database file (env IAMCONSOLE_DB)")
	fs.StringVar(&cfg.keyFile, "key-file", env("IAMCONSOLE_KEY_FILE", ""), "encryption key file; default: iamconsole.key beside the database (env IAMCONSOLE_KEY_FILE; or the key itself in IAMCONSOLE_KEY)")
	fs.StringVar(&cfg.tlsCert, "tls-cert", env("IAMCONSOLE_TLS_CERT", ""), "serve HTTPS with this certificate (env IAMCONSOLE_TLS_CERT)")
	fs.StringVar(&cfg.tlsKey, "tls-key", env("IAMCONSOLE_TLS_KEY", ""), "private key for --tls-cert (env IAMCONSOLE_TLS_KEY)")
	fs.StringVar(&cfg.consoleURL, "url", env("IAMCONSOLE_URL", ""), "public base URL of the console, for links (env IAMCONSOLE_URL)")
	fs.StringVar(&cfg.logLevel, "log-level", env("IAMCONSOLE_LOG_LEVEL", "info"), "debug, info, warn or error (env IAMCONSOLE_LOG_LEVEL)")
	fs.StringVar(&cfg.labsDir, "labs", env("IAMCONSOLE_LABS", ""), "a directory of authors' lab files, offered beside the built-in labs, their problems shown to instructors (env IAMCONSOLE_LABS)")
	fs.BoolVar(&cfg.noDemo, "no-demo", false, "do not create the demo organization in a new database (env IAMCONSOLE_NO_DEMO)")
	fs.BoolVar(&cfg.behindProxy, "behind-tls-proxy", false, "running behind a TLS-terminating proxy: Secure cookies, client IP from X-Forwarded-For (env IAMCONSOLE_BEHIND_TLS_PROXY)")
}

func parseServe(args []string, stderr io.Writer) (*serveConfig, error) {
	cfg := &serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	serveFlags(fs, cfg)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["no-demo"] {
		if cfg.noDemo, err = envBool("IAMCONSOLE_NO_DEMO"); err != nil {
			return nil, err
		}
	}
	if !set["behind-tls-proxy"] {
		if cfg.behindProxy, err = envBool("IAMCONSOLE_BEHIND_TLS_PROXY"); err != nil {
			return nil, err
		}
	}
	if _, _, err := net.SplitHostPort(cfg.addr); err != nil {
		return nil, fmt.Errorf("--addr %q is not host:port", cfg.addr)
	}
	if (cfg.tlsCert == "") != (cfg.tlsKey == "") {
		return nil, errors.New("--tls-cert and --tls-key go together")
	}
	if _, err := parseLevel(cfg.logLevel); err != nil {
		return nil, err
	}
	if err := labsDirFlag(cfg.labsDir); err != nil {
		return nil, err
	}
	return cfg, nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

// openService opens the store and builds the service layer.
func openService(ctx context.Context, dbPath, keyFile, consoleURL string, log *slog.Logger) (*store.Store, *web.Services, []byte, error) {
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		return nil, nil, nil, err
	}
	if keyFile == "" {
		keyFile = filepath.Join(filepath.Dir(dbPath), "iamconsole.key")
	}
	key, err := iam.LoadKey(os.Getenv("IAMCONSOLE_KEY"), keyFile)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	sealer, err := iam.NewSealer(key)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	svc := iam.New(iam.Options{Store: st, Sealer: sealer, Logger: log, ConsoleURL: consoleURL})
	return st, web.NewServices(svc), key, nil
}

func serve(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServe(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole: %v\n", err)
		return exitUsage
	}
	level, _ := parseLevel(cfg.logLevel)
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	started := time.Now()
	setGCPercent(os.Getenv("GOGC"))

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole: listen on %s: %v\n", cfg.addr, err)
		return 1
	}
	scheme := "http"
	if cfg.tlsCert != "" {
		scheme = "https"
	}
	url := cfg.consoleURL
	if url == "" {
		url = scheme + "://" + ln.Addr().String()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, svc, key, err := openService(ctx, cfg.db, cfg.keyFile, url, log)
	if err != nil {
		ln.Close()
		fmt.Fprintf(stderr, "iamconsole: %v\n", err)
		return 1
	}
	defer st.Close()
	defer svc.IAM.Close()

	if cfg.labsDir != "" {
		cat, err := labs.NewCatalogue(cfg.labsDir)
		if err != nil {
			fmt.Fprintf(stderr, "iamconsole: %v\n", err)
			return 1
		}
		svc.Labs.SetCatalogue(cat)
	}

	if st.Fresh && !cfg.noDemo {
		logins, err := svc.Orgs.CreateDemo(ctx)
		if err == nil {
			err = s3.CreateDemo(ctx, svc.S3, svc.Identity)
		}
		if err == nil {
			err = demo.Create(ctx, svc.IAM)
		}
		if err != nil {
			fmt.Fprintf(stderr, "iamconsole: create the demo organization: %v\n", err)
			return 1
		}
		key, err := demoAccessKey(ctx, svc)
		if err != nil {
			fmt.Fprintf(stderr, "iamconsole: create the demo access key: %v\n", err)
			return 1
		}
		printDemo(stdout, demoOutput{url: url, db: cfg.db, command: invocation(executable(), os.Args[0]), logins: logins, key: key})
	}

	go svc.S3.RunCollector(ctx)

	e := web.New(web.Config{Services: svc, Key: key, Secure: cfg.tlsCert != "" || cfg.behindProxy, TrustProxy: cfg.behindProxy, Logger: log})
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() {
		if cfg.tlsCert != "" {
			errc <- srv.ServeTLS(ln, cfg.tlsCert, cfg.tlsKey)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	fmt.Fprintf(stdout, "iamconsole is serving %s (database %s, ready in %s)\n", url, cfg.db, time.Since(started).Round(time.Millisecond))

	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(stderr, "iamconsole: %v\n", err)
			return 1
		}
	case <-ctx.Done():
		fmt.Fprintln(stdout, "iamconsole: shutting down")
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			fmt.Fprintf(stderr, "iamconsole: shutdown: %v\n", err)
		}
	}
	return 0
}

// demoOutput is what the first start prints about the demo organization.
type demoOutput struct {
	url, db string
	// command runs this program, as the user started it (a binary, or
	// "go run ./cmd/iamconsole").
	command string
	logins  []organizations.DemoLogin
	key     *demoKey
}

// demoKey is the demo's access key for the AWS CLI.
type demoKey struct {
	account, accountID, user, id, secret string
}

// demoKeyUser is the demo user who gets an access key for the AWS CLI: the
// developer of AWS's walkthrough, who assumes UpdateAPP in production.
const demoKeyUser = "david"

// demoAccessKey creates the demo's access key for the AWS CLI, as the root
// user of the Development account would, so that the event history shows
// where it came from.
func demoAccessKey(ctx context.Context, svc *web.Services) (*demoKey, error) {
	root := &iam.Caller{Type: iam.CallerRoot, AccountID: organizations.DemoDevelopmentID, AccountAlias: "development",
		ARN: arn.Root(organizations.DemoDevelopmentID), UniqueID: organizations.DemoDevelopmentID}
	k, secret, err := svc.Identity.CreateAccessKey(ctx, root, demoKeyUser)
	if err != nil {
		return nil, err
	}
	return &demoKey{account: "development", accountID: organizations.DemoDevelopmentID, user: demoKeyUser, id: k.AccessKeyID, secret: secret}, nil
}

// printDemo prints the demo's sign-in details, its access key and the
// commands to use them, each ready to paste into a POSIX shell.
func printDemo(w io.Writer, d demoOutput) {
	fmt.Fprintf(w, "\nA new database: the demo organization was created. Sign in at %s/signin\n", d.url)
	fmt.Fprintln(w, "These passwords and the access key are shown only now.")
	fmt.Fprintln(w)
	for _, l := range d.logins {
		if l.UserName == "" {
			fmt.Fprintf(w, "  root of %-12s (%s)  email %-30s password %s\n", l.Account, l.AccountID, l.Email, shellQuote(l.Password))
		}
	}
	for _, l := range d.logins {
		if l.UserName != "" {
			fmt.Fprintf(w, "  account %-12s user %-8s password %-22s %s\n", l.Account, l.UserName, shellQuote(l.Password), l.Note)
		}
	}
	reset := d.command + " reset-password"
	if d.db != defaultDB {
		reset += " --db " + shellQuote(d.db)
	}
	fmt.Fprintf(w, "\nReset a password:\n  %s --account development --user david\n", reset)
	if k := d.key; k != nil {
		fmt.Fprintf(w, "\nThe AWS CLI as %s (account %s), with the demo's access key:\n", k.user, k.account)
		fmt.Fprintf(w, "  export AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_DEFAULT_REGION=us-east-1\n", shellQuote(k.id), shellQuote(k.secret))
		fmt.Fprintf(w, "  aws --endpoint-url %s sts get-caller-identity\n", shellQuote(d.url))
		fmt.Fprintf(w, "  aws --endpoint-url %s sts assume-role --role-arn %s --role-session-name %s\n",
			shellQuote(d.url), catalog.IAMRole.ARN(organizations.DemoProductionID, "UpdateAPP"), k.user)
	}
	fmt.Fprintln(w)
}

// defaultDB is the database of a console started without --db.
const defaultDB = "./iamconsole.db"

// invocation is how to run this program again from the same place: the
// command it was started as (argv0), or "go run ./cmd/iamconsole" when its
// executable exe is in the go tool's build cache, where "go run" leaves it.
func invocation(exe, argv0 string) string {
	if isGoRunBinary(exe) {
		return "go run ./cmd/iamconsole"
	}
	if argv0 == "" {
		argv0 = "iamconsole"
	}
	return shellQuote(argv0)
}

// isGoRunBinary reports whether the executable at path was built by "go
// run": the go tool links it in a go-build work directory under the
// temporary directory.
func isGoRunBinary(path string) bool {
	return strings.Contains(strings.ReplaceAll(path, `\`, "/"), "/go-build")
}

// executable is the path of the running program, "" when unknown.
func executable() string {
	p, _ := os.Executable()
	return p
}

// shellQuote makes s one word of a POSIX shell: as it is when it holds
// only characters no shell treats specially, else in single quotes, each
// single quote inside closing the quotes, escaped, and opening them again.
func shellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-+=.,/:@%", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func initCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("IAMCONSOLE_DB", "./iamconsole.db"), "SQLite database file to create (env IAMCONSOLE_DB)")
	keyFile := fs.String("key-file", env("IAMCONSOLE_KEY_FILE", ""), "encryption key file (default: beside the database)")
	asJSON := fs.Bool("json", false, "print the result as one JSON object")
	var in organizations.BootstrapInput
	fs.StringVar(&in.AccountID, "account-id", "", "management account ID (default: random 12 digits)")
	fs.StringVar(&in.Alias, "alias", "", "account alias")
	fs.StringVar(&in.RootEmail, "root-email", "", "root user email")
	fs.StringVar(&in.RootPassword, "root-password", "", "root user password (default: generated)")
	fs.StringVar(&in.AdminUser, "admin-user", "admin", "administrator IAM user name")
	fs.StringVar(&in.AdminPassword, "admin-password", "", "administrator password (default: generated)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "iamconsole init: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	st, svc, _, err := openService(ctx, *db, *keyFile, "", log)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole init: %v\n", err)
		return 1
	}
	defer st.Close()
	defer svc.IAM.Close()
	res, err := svc.Orgs.Bootstrap(ctx, in)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole init: %v\n", err)
		if iam.IsKind(err, iam.KindInvalid) {
			return exitUsage
		}
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(res)
		return 0
	}
	fmt.Fprintf(stdout, "Management account %s created in %s.\n  root: %s / %s\n  IAM user %s / %s\n  access key %s / %s\n",
		res.AccountID, *db, res.RootEmail, res.RootPassword, res.Admin.UserName, res.Admin.Password, res.Admin.AccessKeyID, res.Admin.SecretAccessKey)
	return 0
}

func resetPassword(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reset-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("IAMCONSOLE_DB", "./iamconsole.db"), "SQLite database file (env IAMCONSOLE_DB)")
	keyFile := fs.String("key-file", env("IAMCONSOLE_KEY_FILE", ""), "encryption key file (default: beside the database)")
	account := fs.String("account", "", "account ID or alias")
	user := fs.String("user", "", "IAM user name, or root")
	password := fs.String("password", "", "the new password (default: generated and printed)")
	requireReset := fs.Bool("require-reset", false, "require a new password at next sign-in")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if *account == "" || *user == "" {
		fmt.Fprintln(stderr, "iamconsole reset-password: --account and --user are required")
		return exitUsage
	}
	if _, err := os.Stat(*db); err != nil {
		fmt.Fprintf(stderr, "iamconsole reset-password: %v\n", err)
		return 1
	}
	pw := *password
	if pw == "" {
		pw = iam.NewPassword()
	}
	ctx := context.Background()
	st, svc, _, err := openService(ctx, *db, *keyFile, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole reset-password: %v\n", err)
		return 1
	}
	defer st.Close()
	defer svc.IAM.Close()
	if err := svc.Identity.ResetPassword(ctx, *account, *user, pw, *requireReset); err != nil {
		fmt.Fprintf(stderr, "iamconsole reset-password: %v\n", iam.AsError(err).Message)
		return 1
	}
	fmt.Fprintf(stdout, "The password of %s in %s is now: %s\n", *user, *account, shellQuote(pw))
	return 0
}
