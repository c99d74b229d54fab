package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"
)

// WriteWrkScript signs one API request of cfg's mode now and writes it as a
// wrk Lua script, so that wrk, a load generator far lighter than this one,
// can replay it: a SigV4 signature stays valid for the 15 minutes of
// allowed clock skew, and no action of the API modes refuses a replay
// (ddb-put writes the same item again). For example:
//
//	iamload -mode assume-role -key … -secret … -role-arn … -wrk-script /tmp/ar.lua
//	wrk -t2 -c32 -d10s --latency -s /tmp/ar.lua http://127.0.0.1:8080/
func WriteWrkScript(w io.Writer, cfg Config) error {
	u, err := checkLoopback(cfg.URL)
	if err != nil {
		return err
	}
	switch m := cfg.mode(); m {
	case ModeGCI, ModeAssumeRole, ModeDDBGet, ModeDDBPut, ModeDDBQuery, ModeEC2Describe:
	default:
		return fmt.Errorf("-wrk-script works with the API modes, not %q", m)
	}
	call, err := apiCall(cfg)
	if err != nil {
		return err
	}
	body := call.body(0, 0)
	req, err := signedRequest(context.Background(), &cfg, u, call, body)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "-- A SigV4-signed %s request, valid until %s.\n", cfg.mode(), time.Now().Add(15*time.Minute).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "wrk.method = \"POST\"\nwrk.body = %s\n", strconv.Quote(string(body)))
	for _, h := range []string{"Content-Type", "X-Amz-Target", "X-Amz-Date", "Authorization"} {
		if req.Header.Get(h) == "" {
			continue
		}
		fmt.Fprintf(w, "wrk.headers[%s] = %s\n", strconv.Quote(h), strconv.Quote(req.Header.Get(h)))
	}
	return nil
}
