package s3_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"iamconsole/iam/sigv4"
)

// benchClient sends signed S3 requests over kept-alive connections.
func benchClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
}

func (w *wire) send(b *testing.B, c *http.Client, method, path string, body []byte, bodyHash string) int64 {
	r, _ := http.NewRequest(method, w.e.Server.URL+path, bytes.NewReader(body))
	if bodyHash == "" {
		bodyHash = sha(body)
	}
	r.Header.Set("X-Amz-Content-Sha256", bodyHash)
	if err := sigv4.Sign(r, body, w.id, w.secret, "", "us-east-1", "s3", time.Now()); err != nil {
		b.Fatal(err)
	}
	res, err := c.Do(r)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		b.Fatalf("%s %s: %d", method, path, res.StatusCode)
	}
	return n
}

// BenchmarkPutObject1KiB: signed 1 KiB PUTs through full authorization,
// 16 connections. Target: at least 5,000 a second on a 2-core machine,
// and 50 times moto_server's rate.
func BenchmarkPutObject1KiB(b *testing.B) {
	w := newWire(&testing.T{})
	benchPut(b, w, 1<<10, 16)
}

// BenchmarkGetObject1KiB: signed 1 KiB GETs, 16 connections. Target as
// for PUT.
func BenchmarkGetObject1KiB(b *testing.B) {
	w := newWire(&testing.T{})
	benchGet(b, w, 1<<10, 16)
}

// BenchmarkPutObject8MiB: 8 MiB PUTs. Target: 200 MB/s.
func BenchmarkPutObject8MiB(b *testing.B) {
	w := newWire(&testing.T{})
	benchPut(b, w, 8<<20, 2)
}

// BenchmarkGetObject8MiB: 8 MiB GETs. Target: 200 MB/s.
func BenchmarkGetObject8MiB(b *testing.B) {
	w := newWire(&testing.T{})
	benchGet(b, w, 8<<20, 2)
}

// BenchmarkListObjectsV2_1000: ListObjectsV2 of a 1,000-key prefix.
// Target: 1,000 a second.
func BenchmarkListObjectsV2_1000(b *testing.B) {
	w := newWire(&testing.T{})
	c := benchClient()
	for i := range 1000 {
		w.send(b, c, "PUT", fmt.Sprintf("/productionapp/list/key-%04d", i), []byte("k"), "")
	}
	b.ReportAllocs()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w.send(b, c, "GET", "/productionapp?list-type=2&prefix=list%2F", nil, "")
		}
	})
}

func benchPut(b *testing.B, w *wire, size, conns int) {
	c := benchClient()
	body := make([]byte, size)
	rand.Read(body)
	h := sha(body)
	var n atomic.Int64
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.SetParallelism(max(1, conns/2))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := n.Add(1)
		for pb.Next() {
			w.send(b, c, "PUT", fmt.Sprintf("/productionapp/bench/%d", i), body, h)
		}
	})
}

func benchGet(b *testing.B, w *wire, size, conns int) {
	c := benchClient()
	body := make([]byte, size)
	rand.Read(body)
	w.send(b, c, "PUT", "/productionapp/bench/get", body, "")
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.SetParallelism(max(1, conns/2))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w.send(b, c, "GET", "/productionapp/bench/get", nil, "")
		}
	})
}
