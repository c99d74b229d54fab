// Command iamload drives a local iamconsole's AWS API with real SigV4-signed
// requests over N connections for a fixed duration and prints the request
// rate and latency percentiles. It talks to loopback addresses only.
//
//	iamload -key AKIA… -secret … -action GetCallerIdentity -c 32 -d 10s
//	iamload -key AKIA… -secret … -action AssumeRole -role-arn arn:aws:iam::123456789012:role/UpdateAPP
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
	flag.StringVar(&cfg.AccessKeyID, "key", os.Getenv("AWS_ACCESS_KEY_ID"), "access key ID")
	flag.StringVar(&cfg.Secret, "secret", os.Getenv("AWS_SECRET_ACCESS_KEY"), "secret access key")
	flag.StringVar(&cfg.Action, "action", "GetCallerIdentity", "GetCallerIdentity or AssumeRole")
	flag.StringVar(&cfg.RoleARN, "role-arn", "", "role to assume (AssumeRole)")
	flag.IntVar(&cfg.Conns, "c", 32, "concurrent connections")
	flag.DurationVar(&cfg.Duration, "d", 10*time.Second, "duration")
	flag.Parse()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "iamload:", err)
		os.Exit(1)
	}
	fmt.Println(res)
}
