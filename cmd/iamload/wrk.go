package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteWrkScript signs one API request of cfg's mode (gci or assume-role)
// now and writes it as a wrk Lua script, so that wrk, a load generator far
// lighter than this one, can replay it: a SigV4 signature stays valid for
// the 15 minutes of allowed clock skew, and neither action refuses a
// replay. For example:
//
//	iamload -mode assume-role -key … -secret … -role-arn … -wrk-script /tmp/ar.lua
//	wrk -t2 -c32 -d10s --latency -s /tmp/ar.lua http://127.0.0.1:8080/
func WriteWrkScript(w io.Writer, cfg Config) error {
	u, err := checkLoopback(cfg.URL)
	if err != nil {
		return err
	}
	if m := cfg.mode(); m != ModeGCI && m != ModeAssumeRole {
		return fmt.Errorf("-wrk-script works with the API modes gci and assume-role, not %q", m)
	}
	body, err := apiBody(cfg)
	if err != nil {
		return err
	}
	req, err := signedRequest(context.Background(), &cfg, u, body)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "-- A SigV4-signed %s request, valid until %s.\n", cfg.mode(), time.Now().Add(15*time.Minute).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "wrk.method = \"POST\"\nwrk.body = %s\n", strconv.Quote(string(body)))
	for _, h := range []string{"Content-Type", "X-Amz-Date", "Authorization"} {
		fmt.Fprintf(w, "wrk.headers[%s] = %s\n", strconv.Quote(h), strconv.Quote(req.Header.Get(h)))
	}
	return nil
}
