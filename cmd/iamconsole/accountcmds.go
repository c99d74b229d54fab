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

	"iamconsole/iam"
	"iamconsole/iam/organizations"
	"iamconsole/store"
)

// The operator's commands on accounts: init and reset-password.

func initCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("IAMCONSOLE_DB", "./iamconsole.db"), dbUsage)
	keyFile := fs.String("key-file", env("IAMCONSOLE_KEY_FILE", ""), keyFileUsage)
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
		return openExit(err)
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
		res.AccountID, store.Redact(*db), res.RootEmail, res.RootPassword, res.Admin.UserName, res.Admin.Password, res.Admin.AccessKeyID, res.Admin.SecretAccessKey)
	return 0
}

func resetPassword(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("reset-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", env("IAMCONSOLE_DB", "./iamconsole.db"), dbUsage)
	keyFile := fs.String("key-file", env("IAMCONSOLE_KEY_FILE", ""), keyFileUsage)
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
	if !store.IsURL(*db) {
		if _, err := os.Stat(*db); err != nil {
			fmt.Fprintf(stderr, "iamconsole reset-password: %v\n", err)
			return 1
		}
	}
	pw := *password
	if pw == "" {
		pw = iam.NewPassword()
	}
	ctx := context.Background()
	st, svc, _, err := openService(ctx, *db, *keyFile, "", slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		fmt.Fprintf(stderr, "iamconsole reset-password: %v\n", err)
		return openExit(err)
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
