package ec2_test

import (
	"context"
	"net/url"
	"regexp"
	"testing"

	"iamconsole/handlers/api/apitest"
)

type env struct {
	*apitest.Env
	prod [2]string
}

func newEnv(t *testing.T, manualClock bool) *env {
	t.Helper()
	e := &env{Env: apitest.New(t, manualClock)}
	k, secret, err := e.Services.Identity.CreateAccessKey(context.Background(), apitest.Root(apitest.ProdAccount), "admin")
	if err != nil {
		t.Fatal(err)
	}
	e.prod = [2]string{k.AccessKeyID, secret}
	return e
}

// ec2 sends one signed EC2 request.
func (e *env) ec2(t testing.TB, key [2]string, token, action string, kv ...string) (int, string) {
	t.Helper()
	form := url.Values{"Action": {action}, "Version": {"2016-11-15"}}
	for i := 0; i+1 < len(kv); i += 2 {
		form.Add(kv[i], kv[i+1])
	}
	st, body, _ := e.Call(t, "ec2", key[0], key[1], token, form)
	return st, body
}

var (
	instanceIDs = regexp.MustCompile(`\bi-[0-9a-f]{17}`)
	volatile    = []struct {
		re   *regexp.Regexp
		with string
	}{
		{instanceIDs, "i-00000000000000000"},
		{regexp.MustCompile(`r-[0-9a-f]{17}`), "r-00000000000000000"},
		{regexp.MustCompile(`\d+\.\d+\.\d+\.\d+`), "0.0.0.0"},
		{regexp.MustCompile(`(ip|ec2)-\d+-\d+-\d+-\d+`), "$1-0-0-0-0"},
		{regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z`), "2006-01-02T15:04:05.000Z"},
		{regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT`), "2006-01-02 15:04:05 GMT"},
		{regexp.MustCompile(`Encoded authorization failure message: [A-Za-z0-9_-]+`), "Encoded authorization failure message: ENCODED"},
	}
)

// golden compares body with its instance IDs, addresses and times
// normalized.
func golden(t *testing.T, name, body string) {
	t.Helper()
	for _, v := range volatile {
		body = v.re.ReplaceAllString(body, v.with)
	}
	apitest.Golden(t, name, body)
}
