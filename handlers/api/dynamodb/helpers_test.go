package dynamodb_test

import (
	"bytes"
	"context"
	"hash/crc32"
	"net/http"
	"strconv"
	"testing"
	"time"

	"iamconsole/handlers/api/apitest"
	"iamconsole/iam/sigv4"
)

// env is a server with access keys of Production's admin and of
// Development's users.
type env struct {
	*apitest.Env
	prod [2]string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{Env: apitest.New(t, false)}
	k, secret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(apitest.ProdAccount), "admin")
	if err != nil {
		t.Fatal(err)
	}
	e.prod = [2]string{k.AccessKeyID, secret}
	return e
}

// call sends one signed DynamoDB request; it checks the X-Amz-Crc32 of
// every answer, as botocore does.
func (e *env) call(t testing.TB, key [2]string, token, op, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.Server.URL+"/", bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810."+op)
	if err := sigv4.Sign(req, []byte(body), key[0], key[1], token, "us-east-1", "dynamodb", time.Now()); err != nil {
		t.Fatal(err)
	}
	st, out, h := apitest.Do(t, req)
	if got, want := h.Get("X-Amz-Crc32"), strconv.FormatUint(uint64(crc32.ChecksumIEEE([]byte(out))), 10); got != want {
		t.Errorf("%s: X-Amz-Crc32 %q, want %q", op, got, want)
	}
	if h.Get("Content-Type") != "application/x-amz-json-1.0" {
		t.Errorf("%s: Content-Type %q", op, h.Get("Content-Type"))
	}
	return st, out
}
