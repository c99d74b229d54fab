// Command iamload drives a local iamconsole with N concurrent clients for a
// fixed duration and prints the request rate and latency percentiles. It
// talks to loopback addresses only. Modes:
//
//	gci          signed STS GetCallerIdentity (-key, -secret)
//	assume-role  signed STS AssumeRole of -role-arn (-key, -secret)
//	switch       console Switch Role: POST /switchrole, then the page it
//	             redirects to, per signed-in session (-account, -user,
//	             -password, -switch-account, -switch-role)
//	roles-list   console roles list, 50 a page, cycling -pages pages, with
//	             the search -q (-account, -user, -password)
//
// For example:
//
//	iamload -mode gci -key AKIA… -secret … -c 32 -d 10s
//	iamload -mode assume-role -key AKIA… -secret … -role-arn arn:aws:iam::123456789012:role/UpdateAPP
//	iamload -mode switch -account development -user david -password … -switch-account production -switch-role UpdateAPP
//	iamload -mode roles-list -account production -user admin -password … -q role -pages 200
//
// With -wrk-script FILE it signs one request of an API mode and writes it as
// a script for wrk (Debian's wrk package), which replays it with far less
// CPU of its own than this program's clients take.
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
	flag.StringVar(&cfg.Mode, "mode", "", "gci, assume-role, switch or roles-list (default: from -action)")
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
	flag.IntVar(&cfg.Conns, "c", 32, "concurrent connections (sessions in console modes)")
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
	res, err := Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "iamload:", err)
		os.Exit(1)
	}
	fmt.Println(res)
}
