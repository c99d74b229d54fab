package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"

	"iamconsole/iam"
	"iamconsole/labs"
)

const labUsage = `Usage:
  iamconsole lab list [--labs DIR] [--json]        the labs on offer
  iamconsole lab validate FILE...                  check lab files: every problem with its line and column
  iamconsole lab start NAME [--json] [--db PATH]   start a sandbox of a lab and print its sign-in details
  iamconsole lab check ID [--json] [--db PATH]     check a sandbox's tasks and print their state
`

// labCmd runs the lab commands.
func labCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, labUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return 0
	}
	switch args[0] {
	case "list":
		return labList(args[1:], stdout, stderr)
	case "validate":
		return labValidate(args[1:], stdout, stderr)
	case "start":
		return labStart(args[1:], stdout, stderr)
	case "check":
		return labCheck(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "iamconsole lab: unknown command %q\n\n%s", args[0], labUsage)
		return exitUsage
	}
}

// labFlags are the flags the lab commands that open a database share.
type labFlags struct {
	db, keyFile, url, dir string
	json                  bool
}

func (f *labFlags) register(fs *flag.FlagSet, database bool) {
	fs.StringVar(&f.dir, "labs", env("IAMCONSOLE_LABS", ""), "a directory of authors' lab files, offered beside the built-in labs (env IAMCONSOLE_LABS)")
	fs.BoolVar(&f.json, "json", false, "print the result as one JSON object")
	if database {
		fs.StringVar(&f.db, "db", env("IAMCONSOLE_DB", "./iamconsole.db"), "SQLite database file (env IAMCONSOLE_DB)")
		fs.StringVar(&f.keyFile, "key-file", env("IAMCONSOLE_KEY_FILE", ""), "encryption key file (default: beside the database)")
		fs.StringVar(&f.url, "url", env("IAMCONSOLE_URL", "http://127.0.0.1:8080"), "the console's base URL, for sign-in links (env IAMCONSOLE_URL)")
	}
}

// parseLab parses a lab command's flags, allowing its one argument (a
// lab's name, a sandbox's ID) before or after them.
func parseLab(name string, args []string, f *labFlags, database bool, stderr io.Writer) (string, bool) {
	fs := flag.NewFlagSet("lab "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f.register(fs, database)
	var arg string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		arg, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", false
	}
	rest := fs.Args()
	if arg == "" && len(rest) > 0 {
		arg, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "iamconsole lab %s: unexpected argument %q\n", name, rest[0])
		return "", false
	}
	return arg, true
}

func labList(args []string, stdout, stderr io.Writer) int {
	var f labFlags
	if _, ok := parseLab("list", args, &f, false, stderr); !ok {
		return exitUsage
	}
	cat, err := labs.NewCatalogue(f.dir)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole lab list: %v\n", err)
		return 1
	}
	type entry struct {
		ID         string `json:"id"`
		Title      string `json:"title"`
		Difficulty string `json:"difficulty"`
		Minutes    int    `json:"minutes"`
		Tasks      int    `json:"tasks"`
		Builtin    bool   `json:"builtin"`
	}
	var out []entry
	for _, l := range cat.Labs() {
		out = append(out, entry{l.ID, l.Title, l.Difficulty, l.Minutes, len(l.Tasks), l.Builtin})
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(map[string]any{"labs": out})
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDIFFICULTY\tTIME\tTASKS\tTITLE")
	for _, e := range out {
		fmt.Fprintf(tw, "%s\t%s\t%d min\t%d\t%s\n", e.ID, e.Difficulty, e.Minutes, e.Tasks, e.Title)
	}
	tw.Flush()
	for _, af := range cat.Files() {
		if len(af.Problems) > 0 {
			fmt.Fprintf(stderr, "%s: not offered, %d problems (iamconsole lab validate %s)\n", af.Path, len(af.Problems), af.Path)
		}
	}
	return 0
}

func labValidate(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "iamconsole lab validate: name one or more lab files")
		return exitUsage
	}
	bad := false
	for _, path := range args {
		src, err := readLabFile(path)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", path, err)
			bad = true
			continue
		}
		l, ps := labs.Parse(path, src)
		if len(ps) > 0 {
			for _, p := range ps {
				fmt.Fprintln(stdout, p.String())
			}
			bad = true
			continue
		}
		fmt.Fprintf(stdout, "%s: ok: lab %s, %d tasks\n", path, l.ID, len(l.Tasks))
	}
	if bad {
		return 1
	}
	return 0
}

// readLabFile reads at most one byte more than a lab file may have, so
// that a huge file is refused without reading it all.
func readLabFile(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, errors.New("is a directory")
	}
	if st.Size() > labs.MaxFileBytes {
		return nil, fmt.Errorf("1:1: the file is %d bytes; a lab file may have at most %d bytes (1 MiB)", st.Size(), labs.MaxFileBytes)
	}
	return io.ReadAll(io.LimitReader(fh, labs.MaxFileBytes+1))
}

// openLabs opens the database and builds the labs service over it.
func openLabs(ctx context.Context, f *labFlags) (*labs.Service, func(), error) {
	if _, err := os.Stat(f.db); err != nil {
		return nil, nil, err
	}
	cat, err := labs.NewCatalogue(f.dir)
	if err != nil {
		return nil, nil, err
	}
	st, svc, _, err := openService(ctx, f.db, f.keyFile, f.url, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return nil, nil, err
	}
	svc.Labs.SetCatalogue(cat)
	return svc.Labs, func() { svc.IAM.Close(); st.Close() }, nil
}

func labStart(args []string, stdout, stderr io.Writer) int {
	var f labFlags
	name, ok := parseLab("start", args, &f, true, stderr)
	if !ok {
		return exitUsage
	}
	if name == "" {
		fmt.Fprintln(stderr, "iamconsole lab start: name a lab (iamconsole lab list)")
		return exitUsage
	}
	ctx := context.Background()
	svc, done, err := openLabs(ctx, &f)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole lab start: %v\n", err)
		return 1
	}
	defer done()
	sb, err := svc.Start(ctx, name, "")
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole lab start: %s\n", iam.AsError(err).Message)
		return 1
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(sb)
		return 0
	}
	fmt.Fprintf(stdout, "Sandbox %s of %s started. Check it with: iamconsole lab check %s\n\n", sb.ID, sb.Lab.Title, sb.ID)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, a := range sb.Accounts {
		fmt.Fprintf(tw, "  account %s\t%s\t%s\n", a.Key, a.ID, a.Alias)
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	for _, l := range sb.Logins {
		fmt.Fprintf(stdout, "  %s in %s", l.User, l.Account)
		if l.Password != "" {
			fmt.Fprintf(stdout, "  password %s  (%s)", l.Password, l.SignInURL)
		}
		if l.AccessKeyID != "" {
			fmt.Fprintf(stdout, "  access key %s / %s", l.AccessKeyID, l.SecretAccessKey)
		}
		fmt.Fprintln(stdout)
	}
	if env, _ := sb.CLIConfig(); env != "" {
		fmt.Fprintf(stdout, "\n%s", env)
	}
	return 0
}

func labCheck(args []string, stdout, stderr io.Writer) int {
	var f labFlags
	id, ok := parseLab("check", args, &f, true, stderr)
	if !ok {
		return exitUsage
	}
	if id == "" {
		fmt.Fprintln(stderr, "iamconsole lab check: give a sandbox's ID (sbx-…)")
		return exitUsage
	}
	ctx := context.Background()
	svc, done, err := openLabs(ctx, &f)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole lab check: %v\n", err)
		return 1
	}
	defer done()
	p, err := svc.Check(ctx, id)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole lab check: %s\n", iam.AsError(err).Message)
		return 1
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(p)
		return 0
	}
	fmt.Fprintf(stdout, "%s (%s): %d of %d tasks done\n", p.SandboxID, p.LabID, p.Done, p.Total)
	for _, t := range p.Tasks {
		fmt.Fprintf(stdout, "  %-4s  %s\n", t.Status, t.Title)
	}
	return 0
}

// labsDirFlag validates serve's --labs directory before the server starts.
func labsDirFlag(dir string) error {
	if dir == "" {
		return nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("--labs %s: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("--labs %s is not a directory", filepath.Clean(dir))
	}
	return nil
}
