package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"iamconsole/iam/sigv4"
)

// S3 modes: signed path-style requests to -bucket, as the AWS CLI and
// SDKs send them.
const (
	ModeS3Put  = "s3-put"  // PUT an object of -size bytes (a key per worker, overwritten)
	ModeS3Get  = "s3-get"  // GET an object of -size bytes (one per worker, stored at setup)
	ModeS3List = "s3-list" // ListObjectsV2 of a prefix holding -keys keys (stored at setup)
)

func isS3Mode(m string) bool { return m == ModeS3Put || m == ModeS3Get || m == ModeS3List }

// s3Worker is one connection's S3 client.
type s3Worker struct {
	cfg    *Config
	base   string
	client *http.Client
	i      int
	body   []byte
	bodyH  string // hex SHA-256 of body
	bytes  *atomic.Int64
}

// s3Setup is the work done once for a whole S3 run: the bucket, and the
// listing's keys.
var s3Setup struct {
	sync.Mutex
	done map[string]bool
}

func newS3Workers(cfg Config, u *url.URL, transport *http.Transport, counted *atomic.Int64) (func(i int) worker, error) {
	if cfg.AccessKeyID == "" || cfg.Secret == "" {
		return nil, errors.New("an access key ID and secret are required")
	}
	if cfg.Bucket == "" {
		return nil, errors.New("the S3 modes need -bucket")
	}
	if cfg.Size < 0 {
		return nil, errors.New("-size must not be negative")
	}
	// Random letters: any body does, and a wrk script can quote these.
	body := make([]byte, cfg.Size)
	rand.Read(body)
	for i, c := range body {
		body[i] = 'a' + c%26
	}
	sum := sha256.Sum256(body)
	client := &http.Client{Transport: transport}
	base := strings.TrimRight(u.String(), "/")
	return func(i int) worker {
		return &s3Worker{cfg: &cfg, base: base, client: client, i: i, body: body, bodyH: hex.EncodeToString(sum[:]), bytes: counted}
	}, nil
}

// request signs an S3 request now; a nil body sends none.
func (w *s3Worker) request(ctx context.Context, method, path string, body []byte, bodyHash string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if bodyHash == "" {
		s := sha256.Sum256(body)
		bodyHash = hex.EncodeToString(s[:])
	}
	if w.cfg.UnsignedPayload && len(body) > 0 {
		bodyHash = sigv4.UnsignedPayload
	}
	req.Header.Set("X-Amz-Content-Sha256", bodyHash)
	if err := sigv4.Sign(req, body, w.cfg.AccessKeyID, w.cfg.Secret, "", "us-east-1", "s3", time.Now()); err != nil {
		return nil, err
	}
	return req, nil
}

// send sends a signed request, counts the body bytes read, and checks the
// status.
func (w *s3Worker) send(ctx context.Context, method, path string, body []byte, bodyHash string, ok ...int) (time.Duration, error) {
	req, err := w.request(ctx, method, path, body, bodyHash)
	if err != nil {
		return noTiming, err
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return noTiming, err
	}
	var errBody bytes.Buffer
	var n int64
	if resp.StatusCode >= 300 {
		io.Copy(&errBody, io.LimitReader(resp.Body, 1024))
	} else {
		n, _ = io.Copy(io.Discard, resp.Body)
	}
	resp.Body.Close()
	st := serverTime(resp.Header)
	for _, code := range ok {
		if resp.StatusCode == code {
			if method == http.MethodGet && w.bytes != nil && w.cfg.mode() == ModeS3Get {
				w.bytes.Add(n)
			}
			return st, nil
		}
	}
	return st, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, errBody.String())
}

func (w *s3Worker) objectPath() string {
	return "/" + w.cfg.Bucket + "/iamload/" + strconv.Itoa(w.cfg.Size) + "/" + strconv.Itoa(w.i)
}

func (w *s3Worker) setup(ctx context.Context) error {
	s3Setup.Lock()
	if s3Setup.done == nil {
		s3Setup.done = map[string]bool{}
	}
	first := !s3Setup.done[w.base+w.cfg.Bucket]
	s3Setup.done[w.base+w.cfg.Bucket] = true
	if first {
		// Create the bucket, or find it there.
		if _, err := w.send(ctx, http.MethodPut, "/"+w.cfg.Bucket, nil, "", 200, 409); err != nil {
			s3Setup.Unlock()
			return err
		}
		if w.cfg.mode() == ModeS3List {
			if err := w.fillPrefix(ctx); err != nil {
				s3Setup.Unlock()
				return err
			}
		}
	}
	s3Setup.Unlock()
	if w.cfg.mode() == ModeS3Get {
		_, err := w.send(ctx, http.MethodPut, w.objectPath(), w.body, w.bodyH, 200)
		return err
	}
	return nil
}

// fillPrefix stores -keys small objects under the listing's prefix, 16 at
// a time.
func (w *s3Worker) fillPrefix(ctx context.Context) error {
	keys := w.cfg.Keys
	if keys <= 0 {
		keys = 1000
	}
	var next atomic.Int64
	var first atomic.Pointer[error]
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(keys) || first.Load() != nil {
					return
				}
				path := fmt.Sprintf("/%s/iamload-list/key-%06d", w.cfg.Bucket, i)
				if _, err := w.send(ctx, http.MethodPut, path, []byte("k"), "", 200); err != nil {
					first.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	wg.Wait()
	if p := first.Load(); p != nil {
		return *p
	}
	return nil
}

func (w *s3Worker) step(ctx context.Context) (time.Duration, error) {
	switch w.cfg.mode() {
	case ModeS3Put:
		st, err := w.send(ctx, http.MethodPut, w.objectPath(), w.body, w.bodyH, 200)
		if err == nil && w.bytes != nil {
			w.bytes.Add(int64(len(w.body)))
		}
		return st, err
	case ModeS3Get:
		return w.send(ctx, http.MethodGet, w.objectPath(), nil, "", 200)
	default:
		return w.send(ctx, http.MethodGet, "/"+w.cfg.Bucket+"?list-type=2&prefix=iamload-list%2F", nil, "", 200)
	}
}
