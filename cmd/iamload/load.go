package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"iamconsole/iam/sigv4"
)

// Config is one load run.
type Config struct {
	URL                 string
	AccessKeyID, Secret string
	Action              string // GetCallerIdentity or AssumeRole
	RoleARN             string
	Conns               int
	Duration            time.Duration
}

// Result is what a run measured.
type Result struct {
	Requests, Errors int
	Elapsed          time.Duration
	P50, P99, Max    time.Duration
	FirstError       string
}

// Rate is requests per second.
func (r Result) Rate() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

func (r Result) String() string {
	s := fmt.Sprintf("%d requests in %v: %.0f req/s, p50 %v, p99 %v, max %v, errors %d",
		r.Requests, r.Elapsed.Round(time.Millisecond), r.Rate(), r.P50, r.P99, r.Max, r.Errors)
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

// Run sends signed requests on cfg.Conns connections until cfg.Duration ends.
func Run(ctx context.Context, cfg Config) (Result, error) {
	u, err := checkLoopback(cfg.URL)
	if err != nil {
		return Result{}, err
	}
	if cfg.AccessKeyID == "" || cfg.Secret == "" {
		return Result{}, errors.New("an access key ID and secret are required")
	}
	form := url.Values{"Action": {cfg.Action}, "Version": {"2011-06-15"}}
	switch cfg.Action {
	case "GetCallerIdentity":
	case "AssumeRole":
		if cfg.RoleARN == "" {
			return Result{}, errors.New("AssumeRole needs -role-arn")
		}
		form.Set("RoleArn", cfg.RoleARN)
		form.Set("RoleSessionName", "iamload")
	default:
		return Result{}, fmt.Errorf("unknown action %q", cfg.Action)
	}
	if cfg.Conns <= 0 {
		cfg.Conns = 1
	}
	body := []byte(form.Encode())
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: cfg.Conns, MaxIdleConnsPerHost: cfg.Conns, MaxConnsPerHost: cfg.Conns}}
	defer client.CloseIdleConnections()

	var mu sync.Mutex
	var res Result
	var lat []time.Duration
	start := time.Now()
	deadline := start.Add(cfg.Duration)
	var wg sync.WaitGroup
	for range cfg.Conns {
		wg.Go(func() {
			var mine []time.Duration
			errs, first := 0, ""
			for time.Now().Before(deadline) && ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
				t0 := time.Now()
				if err := sigv4.Sign(req, body, cfg.AccessKeyID, cfg.Secret, "", "us-east-1", "sts", t0); err != nil {
					errs++
					continue
				}
				resp, err := client.Do(req)
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				if resp.StatusCode != http.StatusOK {
					errs++
					if first == "" {
						first = fmt.Sprintf("%d %s", resp.StatusCode, b)
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
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
	if len(lat) > 0 {
		slices.Sort(lat)
		res.P50, res.P99, res.Max = lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1]
	}
	return res, nil
}
