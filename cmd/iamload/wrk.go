package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
	if m := cfg.mode(); m == ModeS3Put || m == ModeS3Get {
		return writeS3WrkScript(w, cfg, u)
	}
	switch m := cfg.mode(); m {
	case ModeGCI, ModeAssumeRole, ModeDDBGet, ModeDDBPut, ModeDDBQuery, ModeEC2Describe:
	default:
		return fmt.Errorf("-wrk-script works with the API modes gci, assume-role, s3-put, s3-get, ddb-get, ddb-put, ddb-query and ec2-describe, not %q", m)
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

// writeS3WrkScript signs one S3 PUT or GET of a -size object now; for a
// GET it stores the object first. S3 refuses no replay either: a PUT
// overwrites the same key with the same body.
func writeS3WrkScript(w io.Writer, cfg Config, u *url.URL) error {
	newWorker, err := newS3Workers(cfg, u, &http.Transport{}, nil)
	if err != nil {
		return err
	}
	sw := newWorker(0).(*s3Worker)
	ctx := context.Background()
	if err := sw.setup(ctx); err != nil {
		return err
	}
	method, body := http.MethodGet, []byte(nil)
	if cfg.mode() == ModeS3Put {
		method, body = http.MethodPut, sw.body
	}
	req, err := sw.request(ctx, method, sw.objectPath(), body, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "-- A SigV4-signed S3 %s of %s, valid until %s.\n", method, sw.objectPath(), time.Now().Add(15*time.Minute).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "wrk.method = %q\nwrk.path = %s\n", method, strconv.Quote(sw.objectPath()))
	if body != nil {
		fmt.Fprintf(w, "wrk.body = %s\n", strconv.Quote(string(body)))
	}
	for _, h := range []string{"X-Amz-Content-Sha256", "X-Amz-Date", "Authorization"} {
		fmt.Fprintf(w, "wrk.headers[%s] = %s\n", strconv.Quote(h), strconv.Quote(req.Header.Get(h)))
	}
	return nil
}
