package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"iamconsole/iam/sigv4"
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
	if cfg.AccessKeyID == "" || cfg.Secret == "" {
		return errors.New("an access key ID and secret are required")
	}
	form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	switch cfg.mode() {
	case ModeGCI:
	case ModeAssumeRole:
		if cfg.RoleARN == "" {
			return errors.New("assume-role needs -role-arn")
		}
		form.Set("Action", "AssumeRole")
		form.Set("RoleArn", cfg.RoleARN)
		form.Set("RoleSessionName", "iamload")
	default:
		return fmt.Errorf("-wrk-script works with the API modes gci and assume-role, not %q", cfg.mode())
	}
	body := []byte(form.Encode())
	req, _ := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if err := sigv4.Sign(req, body, cfg.AccessKeyID, cfg.Secret, "", "us-east-1", "sts", time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(w, "-- A SigV4-signed %s, valid until %s.\n", form.Get("Action"), time.Now().Add(15*time.Minute).UTC().Format(time.RFC3339))
	fmt.Fprintf(w, "wrk.method = \"POST\"\nwrk.body = %s\n", strconv.Quote(string(body)))
	for _, h := range []string{"Content-Type", "X-Amz-Date", "Authorization"} {
		fmt.Fprintf(w, "wrk.headers[%s] = %s\n", strconv.Quote(h), strconv.Quote(req.Header.Get(h)))
	}
	return nil
}
