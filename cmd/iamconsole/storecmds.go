package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"iamconsole/store"
)

// storeFlags parses the flags of a command that only needs the database,
// and the extra ones add defines; false when it should exit (code).
func storeFlags(name string, args []string, stderr io.Writer, add func(fs *flag.FlagSet)) (db string, code int, ok bool) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&db, "db", env("IAMCONSOLE_DB", "./iamconsole.db"), dbUsage)
	if add != nil {
		add(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", 0, false
		}
		return "", exitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "iamconsole %s: unexpected argument %q\n", name, fs.Arg(0))
		return "", exitUsage, false
	}
	return db, 0, true
}

// migrateCmd brings the schema up to date, for running migrations apart
// from the instances (which migrate at start too).
func migrateCmd(args []string, stdout, stderr io.Writer) int {
	db, code, ok := storeFlags("migrate", args, stderr, nil)
	if !ok {
		return code
	}
	res, err := store.Migrate(context.Background(), db)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole migrate: %v\n", err)
		return 1
	}
	if res.From == res.To {
		fmt.Fprintf(stdout, "%s: schema at version %d, up to date\n", store.Redact(db), res.To)
	} else {
		fmt.Fprintf(stdout, "%s: schema migrated from version %d to %d\n", store.Redact(db), res.From, res.To)
	}
	return 0
}

// exportCmd writes the whole store as JSON lines, to --out or stdout.
func exportCmd(args []string, stdout, stderr io.Writer) int {
	var out string
	db, code, ok := storeFlags("export", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "write the export to this file (default: standard output)")
	})
	if !ok {
		return code
	}
	if !store.IsURL(db) {
		if _, err := os.Stat(db); err != nil {
			fmt.Fprintf(stderr, "iamconsole export: %v\n", err)
			return 1
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole export: %v\n", err)
		return 1
	}
	defer st.Close()
	w := stdout
	var f *os.File
	if out != "" {
		if f, err = os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err != nil {
			fmt.Fprintf(stderr, "iamconsole export: %v\n", err)
			return 1
		}
		w = f
	}
	counts, err := st.Export(ctx, w)
	if err == nil && f != nil {
		err = f.Close()
	}
	if err != nil {
		if f != nil {
			f.Close()
			os.Remove(out)
		}
		fmt.Fprintf(stderr, "iamconsole export: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "iamconsole export: %s\n", countsLine(counts))
	return 0
}

// importCmd reads an export (--in or stdin) into a new database.
func importCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var in string
	db, code, ok := storeFlags("import", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&in, "in", "", "read the export from this file (default: standard input)")
	})
	if !ok {
		return code
	}
	r := stdin
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			fmt.Fprintf(stderr, "iamconsole import: %v\n", err)
			return 1
		}
		defer f.Close()
		r = f
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole import: %v\n", err)
		return 1
	}
	defer st.Close()
	counts, err := st.Import(ctx, r)
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole import: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "iamconsole import: into %s: %s\n", store.Redact(db), countsLine(counts))
	return 0
}

// countsLine tells the rows moved: the total and each table's.
func countsLine(c store.ExportCounts) string {
	names := make([]string, 0, len(c))
	var total int64
	for n, k := range c {
		names = append(names, n)
		total += k
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, c[n])
	}
	return fmt.Sprintf("%d rows (%s)", total, strings.Join(parts, ", "))
}
