package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

func main() {
	var cfg Config
	flag.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "console URL (loopback only)")
	flag.StringVar(&cfg.Mode, "mode", "", "gci, assume-role, switch, roles-list, s3-put, s3-get, s3-list, ddb-get, ddb-put, ddb-query, ec2-describe or setup (default: from -action)")
	flag.StringVar(&cfg.Action, "action", "GetCallerIdentity", "GetCallerIdentity or AssumeRole (API modes)")
	flag.StringVar(&cfg.AccessKeyID, "key", os.Getenv("AWS_ACCESS_KEY_ID"), "access key ID (API modes)")
	flag.StringVar(&cfg.Secret, "secret", os.Getenv("AWS_SECRET_ACCESS_KEY"), "secret access key (API modes)")
	flag.StringVar(&cfg.RoleARN, "role-arn", "", "role to assume (assume-role)")
	flag.StringVar(&cfg.Account, "account", "", "account alias or ID to sign in to (console modes)")
	flag.StringVar(&cfg.User, "user", "", "IAM user name to sign in as (console modes)")
	flag.StringVar(&cfg.Password, "password", os.Getenv("IAMLOAD_PASSWORD"), "the user's console password (console modes)")
	flag.StringVar(&cfg.SwitchAccount, "switch-account", "", "account of the role to switch to (switch)")
	flag.StringVar(&cfg.SwitchRole, "switch-role", "", "role to switch to (switch)")
	flag.StringVar(&cfg.Search, "q", "", "roles list search (roles-list)")
	flag.IntVar(&cfg.Pages, "pages", 1, "roles list pages to cycle through (roles-list)")
	flag.StringVar(&cfg.Table, "table", defaultTable, "DynamoDB table (ddb-*, setup)")
	flag.StringVar(&cfg.Name, "name", defaultName, "Name tag of the instance described (ec2-describe)")
	flag.StringVar(&cfg.Region, "region", "us-east-1", "signing region (API modes)")
	flag.IntVar(&cfg.Conns, "c", 32, "concurrent connections (sessions in console modes)")
	flag.StringVar(&cfg.Bucket, "bucket", "iamload", "bucket of the S3 modes, created if missing")
	flag.IntVar(&cfg.Size, "size", 1024, "object size in bytes (s3-put, s3-get)")
	flag.IntVar(&cfg.Keys, "keys", 1000, "keys under the listed prefix (s3-list)")
	flag.BoolVar(&cfg.UnsignedPayload, "unsigned-payload", false, "sign S3 bodies as UNSIGNED-PAYLOAD, not by their SHA-256")
	flag.DurationVar(&cfg.Duration, "d", 10*time.Second, "duration")
	wrkScript := flag.String("wrk-script", "", "write one signed request of an API mode as a wrk Lua script to this file, and exit")
	flag.Parse()
	if *wrkScript != "" {
		f, err := os.Create(*wrkScript)
		if err == nil {
			err = WriteWrkScript(f, cfg)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "iamload:", err)
			os.Exit(1)
		}
		return
	}
	if cfg.Mode == ModeSetup {
		if err := Setup(context.Background(), cfg); err != nil {
			fmt.Fprintln(os.Stderr, "iamload:", err)
			os.Exit(1)
		}
		fmt.Println("created", cfg.Table, "with", setupItems, "items and", setupFleet, "instances")
		return
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "iamload:", err)
		os.Exit(1)
	}
	fmt.Println(res)
}
