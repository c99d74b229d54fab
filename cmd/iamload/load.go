package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/iam/sigv4"
)

// Modes of a load run.
const (
	ModeGCI        = "gci"         // signed STS GetCallerIdentity
	ModeAssumeRole = "assume-role" // signed STS AssumeRole of RoleARN
	ModeSwitch     = "switch"      // console: POST /switchrole, follow the redirect, GET the page
	ModeRolesList  = "roles-list"  // console: GET /iam/roles, 50 a page, cycling pages, with Search
)

// Config is one load run.
type Config struct {
	URL string
	// Mode is one of the Mode constants; Action (GetCallerIdentity or
	// AssumeRole) is accepted for the two API modes.
	Mode, Action        string
	AccessKeyID, Secret string
	RoleARN             string
	// Console modes sign in every connection as Account/User with Password.
	Account, User, Password string
	// SwitchAccount and SwitchRole are the switch mode's target.
	SwitchAccount, SwitchRole string
	// Search filters the roles list; Pages is how many pages to cycle.
	Search   string
	Pages    int
	Conns    int
	Duration time.Duration
	// The S3 modes: the bucket (created if missing), the object size, the
	// keys the listing's prefix holds, and whether bodies are signed as
	// UNSIGNED-PAYLOAD rather than by their SHA-256.
	Bucket          string
	Size, Keys      int
	UnsignedPayload bool
	// Table, Name and Region are the resource modes' table, instance name
	// tag and signing region.
	Table, Name, Region string
}

// Result is what a run measured. A console switch counts as one request
// (the POST and the page it redirects to). P50, P99 and Max are latencies
// as the client saw them; ServerP50 and ServerP99 are of the time the
// server says it spent (its Server-Timing app;dur=, summed over a switch's
// two responses), measured when every response carried one.
type Result struct {
	Requests, Errors     int
	Elapsed              time.Duration
	P50, P99, Max        time.Duration
	ServerTimed          bool
	ServerP50, ServerP99 time.Duration
	FirstError           string
	// Bytes is the object data moved (S3 PUT and GET modes).
	Bytes int64
}

// Rate is requests per second.
func (r Result) Rate() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r Result) String() string {
	s := fmt.Sprintf("%d requests in %v: %.0f req/s, p50 %v, p99 %v, max %v, errors %d",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Rate(), r.P50, r.P99, r.Max, r.Errors)
	if r.Bytes > 0 {
		s += fmt.Sprintf("\nthroughput: %.1f MB/s", float64(r.Bytes)/r.Elapsed.Seconds()/1e6)
	}
	if r.ServerTimed {
		s += fmt.Sprintf("\nserver time: p50 %v, p99 %v", r.ServerP50, r.ServerP99)
	}
	if r.FirstError != "" {
		s += "\nfirst error: " + r.FirstError
	}
	return s
}

// checkLoopback refuses every address that is not on this machine's loopback.
func checkLoopback(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("invalid URL %q", raw)
	}
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return nil, err
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return nil, fmt.Errorf("%s is not a loopback address: iamload only loads this machine", u.Hostname())
		}
	}
	return u, nil
}

// worker is one connection's client: setup once, then step per request.
// step returns the server's time on the request, or noTiming when a
// response did not say.
type worker interface {
	setup(ctx context.Context) error
	step(ctx context.Context) (time.Duration, error)
}

// noTiming stands for a response without a Server-Timing app;dur=.
const noTiming = time.Duration(-1)

// serverTime reads the app;dur= milliseconds of a Server-Timing header.
func serverTime(h http.Header) time.Duration {
	for _, v := range h.Values("Server-Timing") {
		for m := range strings.SplitSeq(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(m), ";")
			if name != "app" {
				continue
			}
			for p := range strings.SplitSeq(params, ";") {
				if d, ok := strings.CutPrefix(strings.TrimSpace(p), "dur="); ok {
					if ms, err := strconv.ParseFloat(d, 64); err == nil && ms >= 0 {
						return time.Duration(ms * float64(time.Millisecond))
					}
				}
			}
		}
	}
	return noTiming
}

// addTiming sums the server times of a request's responses.
func addTiming(a, b time.Duration) time.Duration {
	if a == noTiming || b == noTiming {
		return noTiming
	}
	return a + b
}

// mode resolves cfg.Mode from cfg.Action when unset.
func (cfg *Config) mode() string {
	if cfg.Mode != "" {
		return cfg.Mode
	}
	switch cfg.Action {
	case "", "GetCallerIdentity":
		return ModeGCI
	case "AssumeRole":
		return ModeAssumeRole
	}
	return cfg.Action
}

// newWorkers checks cfg and builds the factory of the run's workers.
func newWorkers(cfg Config, u *url.URL, transport *http.Transport, counted *atomic.Int64) (func(i int) worker, error) {
	if isS3Mode(cfg.mode()) {
		return newS3Workers(cfg, u, transport, counted)
	}
	switch cfg.mode() {
	case ModeGCI, ModeAssumeRole, ModeDDBGet, ModeDDBPut, ModeDDBQuery, ModeEC2Describe:
		call, err := apiCall(cfg)
		if err != nil {
			return nil, err
		}
		client := &http.Client{Transport: transport}
		return func(i int) worker { return &apiWorker{cfg: &cfg, u: u, client: client, call: call, id: i} }, nil
	case ModeSwitch, ModeRolesList:
		if cfg.Account == "" || cfg.User == "" || cfg.Password == "" {
			return nil, errors.New("console modes need -account, -user and -password")
		}
		if cfg.mode() == ModeSwitch && (cfg.SwitchAccount == "" || cfg.SwitchRole == "") {
			return nil, errors.New("switch needs -switch-account and -switch-role")
		}
		if cfg.Pages <= 0 {
			cfg.Pages = 1
		}
		return func(i int) worker {
			jar, _ := cookiejar.New(nil)
			client := &http.Client{Transport: transport, Jar: jar,
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			return &consoleWorker{cfg: &cfg, base: strings.TrimRight(u.String(), "/"), client: client, page: i}
		}, nil
	}
	return nil, fmt.Errorf("unknown mode %q (gci, assume-role, switch, roles-list, s3-put, s3-get, s3-list, ddb-get, ddb-put, ddb-query, ec2-describe)", cfg.Mode+cfg.Action)
}

// Run runs cfg.Conns workers until cfg.Duration ends.
func Run(ctx context.Context, cfg Config) (Result, error) {
	u, err := checkLoopback(cfg.URL)
	if err != nil {
		return Result{}, err
	}
	if cfg.Conns <= 0 {
		cfg.Conns = 1
	}
	transport := &http.Transport{MaxIdleConns: cfg.Conns, MaxIdleConnsPerHost: cfg.Conns, MaxConnsPerHost: cfg.Conns}
	defer transport.CloseIdleConnections()
	var counted atomic.Int64
	newWorker, err := newWorkers(cfg, u, transport, &counted)
	if err != nil {
		return Result{}, err
	}
	workers := make([]worker, cfg.Conns)
	var setupErr atomic.Pointer[error]
	var wg sync.WaitGroup
	for i := range workers {
		workers[i] = newWorker(i)
		wg.Go(func() {
			if err := workers[i].setup(ctx); err != nil {
				setupErr.CompareAndSwap(nil, &err)
			}
		})
	}
	wg.Wait()
	if p := setupErr.Load(); p != nil {
		return Result{}, fmt.Errorf("setup: %w", *p)
	}

	var mu sync.Mutex
	var res Result
	var lat, srv []time.Duration
	untimed := false
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	for _, w := range workers {
		wg.Go(func() {
			var mine, mySrv []time.Duration
			errs, first, myUntimed := 0, "", false
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				st, err := w.step(ctx)
				mine = append(mine, time.Since(t0))
				if st == noTiming {
					myUntimed = true
				} else {
					mySrv = append(mySrv, st)
				}
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			srv = append(srv, mySrv...)
			untimed = untimed || myUntimed
			res.Errors += errs
			if res.FirstError == "" {
				res.FirstError = first
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	res.Elapsed = time.Since(start)
	res.Requests = len(lat)
	res.Bytes = counted.Load()
	if len(lat) > 0 {
		slices.Sort(lat)
		res.P50, res.P99, res.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	if len(srv) > 0 && !untimed {
		slices.Sort(srv)
		res.ServerTimed, res.ServerP50, res.ServerP99 = true, srv[len(srv)/2], srv[len(srv)*99/100]
	}
	return res, nil
}

// apiWorker sends SigV4-signed API requests.
type apiWorker struct {
	cfg    *Config
	u      *url.URL
	client *http.Client
	call   *apiRequest
	id, n  int
}

func (w *apiWorker) setup(context.Context) error { return nil }

// apiRequest is an API mode's request: its signing name, its X-Amz-Target
// (JSON protocols) and its body, which may differ per request.
type apiRequest struct {
	service, target string
	body            func(worker, n int) []byte
}

// apiCall is an API mode's request, checking that cfg has what the mode
// needs.
func apiCall(cfg Config) (*apiRequest, error) {
	if cfg.AccessKeyID == "" || cfg.Secret == "" {
		return nil, errors.New("an access key ID and secret are required")
	}
	switch cfg.mode() {
	case ModeDDBGet, ModeDDBPut, ModeDDBQuery, ModeEC2Describe:
		return resourceCall(cfg), nil
	}
	form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}
	if cfg.mode() == ModeAssumeRole {
		if cfg.RoleARN == "" {
			return nil, errors.New("assume-role needs -role-arn")
		}
		form.Set("Action", "AssumeRole")
		form.Set("RoleArn", cfg.RoleARN)
		form.Set("RoleSessionName", "iamload")
	}
	body := []byte(form.Encode())
	return &apiRequest{service: "sts", body: func(int, int) []byte { return body }}, nil
}

// signedRequest is the call's body POSTed to u, signed now with cfg's key.
func signedRequest(ctx context.Context, cfg *Config, u *url.URL, call *apiRequest, body []byte) (*http.Request, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if call.target != "" {
		req.Header.Set("Content-Type", "application/x-amz-json-1.0")
		req.Header.Set("X-Amz-Target", call.target)
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	}
	region := cfg.Region
	if region == "" {
		region = "us-east-1"
	}
	if err := sigv4.Sign(req, body, cfg.AccessKeyID, cfg.Secret, "", region, call.service, time.Now()); err != nil {
		return nil, err
	}
	return req, nil
}

func (w *apiWorker) step(ctx context.Context) (time.Duration, error) {
	w.n++
	req, err := signedRequest(ctx, w.cfg, w.u, w.call, w.call.body(w.id, w.n))
	if err != nil {
		return noTiming, err
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return noTiming, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	st := serverTime(resp.Header)
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("%d %s", resp.StatusCode, b)
	}
	return st, nil
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

// consoleWorker is one signed-in browser session.
type consoleWorker struct {
	cfg    *Config
	base   string
	client *http.Client
	csrf   string // from the last page
	page   int
}

// get fetches a console page, expecting 200, and keeps its CSRF token. It
// returns the server's time on it.
func (w *consoleWorker) get(ctx context.Context, path string) (time.Duration, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, w.base+path, nil)
	resp, err := w.client.Do(req)
	if err != nil {
		return noTiming, err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	st := serverTime(resp.Header)
	if resp.StatusCode != http.StatusOK {
		return st, fmt.Errorf("GET %s: %d", path, resp.StatusCode)
	}
	if m := csrfMeta.FindSubmatch(b); m != nil {
		w.csrf = string(m[1])
	}
	return st, nil
}

// post submits a console form, expecting a 303, and returns its Location
// and the server's time on it.
func (w *consoleWorker) post(ctx context.Context, path string, form url.Values) (string, time.Duration, error) {
	form.Set("csrf_token", w.csrf)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, w.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", w.base)
	resp, err := w.client.Do(req)
	if err != nil {
		return "", noTiming, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	st := serverTime(resp.Header)
	if resp.StatusCode != http.StatusSeeOther {
		return "", st, fmt.Errorf("POST %s: %d", path, resp.StatusCode)
	}
	return resp.Header.Get("Location"), st, nil
}

func (w *consoleWorker) setup(ctx context.Context) error {
	if _, err := w.get(ctx, "/signin"); err != nil {
		return err
	}
	loc, _, err := w.post(ctx, "/signin", url.Values{"account": {w.cfg.Account}, "username": {w.cfg.User}, "password": {w.cfg.Password}})
	if err != nil {
		return err
	}
	if loc != "/" {
		return fmt.Errorf("sign-in as %s/%s went to %q, not /", w.cfg.Account, w.cfg.User, loc)
	}
	_, err = w.get(ctx, "/")
	return err
}

func (w *consoleWorker) step(ctx context.Context) (time.Duration, error) {
	if w.cfg.mode() == ModeRolesList {
		w.page = w.page%w.cfg.Pages + 1
		q := url.Values{"page": {strconv.Itoa(w.page)}}
		if w.cfg.Search != "" {
			q.Set("q", w.cfg.Search)
		}
		return w.get(ctx, "/iam/roles?"+q.Encode())
	}
	loc, st, err := w.post(ctx, "/switchrole", url.Values{"account": {w.cfg.SwitchAccount}, "roleName": {w.cfg.SwitchRole}})
	if err != nil {
		return st, err
	}
	if !strings.HasPrefix(loc, "/") {
		return st, fmt.Errorf("switch went to %q", loc)
	}
	st2, err := w.get(ctx, loc)
	return addTiming(st, st2), err
}
