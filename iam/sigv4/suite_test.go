package sigv4

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

// Credentials and clock of AWS's published SigV4 test suite.
const (
	suiteAccessKey = "AKIDEXAMPLE"
	suiteSecret    = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

var suiteTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

// suiteCase is one request of AWS's SigV4 test suite: the raw request as the
// client wrote it (lines separated by "\n", body after an empty line) and the
// Authorization header AWS publishes for it.
type suiteCase struct {
	Name          string `json:"name"`
	Request       string `json:"request"`
	Authorization string `json:"authorization"`
}

func loadSuite(t testing.TB) []suiteCase {
	t.Helper()
	data, err := os.ReadFile("testdata/aws-suite.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []suiteCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

// readSuiteRequest parses the raw request as a server would, adds the
// Authorization header and returns the request and its body.
func readSuiteRequest(t testing.TB, c suiteCase) (*http.Request, []byte) {
	t.Helper()
	head, body, _ := strings.Cut(c.Request, "\n\n")
	head = strings.TrimSuffix(head, "\n")
	raw := strings.ReplaceAll(head, "\n", "\r\n") + "\r\nAuthorization: " + c.Authorization + "\r\n\r\n"
	r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
	if err != nil {
		t.Fatalf("%s: read request: %v", c.Name, err)
	}
	return r, []byte(body)
}

func TestAWSSuite(t *testing.T) {
	t.Parallel()
	for _, c := range loadSuite(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r, body := readSuiteRequest(t, c)
			p, err := Parse(r)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if p.AccessKeyID != suiteAccessKey || p.Region != "us-east-1" || p.Service != "service" || !p.Time.Equal(suiteTime) {
				t.Fatalf("Parse = %+v", p)
			}
			if err := Verify(r, p, suiteSecret, body, suiteTime); err != nil {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

// TestAWSSuiteSign checks that Sign reproduces the published signature when
// it signs the same headers.
func TestAWSSuiteSign(t *testing.T) {
	t.Parallel()
	for _, c := range loadSuite(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r, body := readSuiteRequest(t, c)
			if strings.Contains(c.Authorization, "my-header") {
				t.Skip("Sign does not sign custom headers")
			}
			r.Header.Del("Authorization")
			token := r.Header.Get("X-Amz-Security-Token")
			if err := Sign(r, body, suiteAccessKey, suiteSecret, token, "us-east-1", "service", suiteTime); err != nil {
				t.Fatal(err)
			}
			if got := r.Header.Get("Authorization"); got != c.Authorization {
				t.Errorf("Authorization\n got %s\nwant %s", got, c.Authorization)
			}
		})
	}
}

// TestGetVanillaSignature pins the best-known value of the suite.
func TestGetVanillaSignature(t *testing.T) {
	t.Parallel()
	r, err := http.NewRequest(http.MethodGet, "https://example.amazonaws.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := Sign(r, nil, suiteAccessKey, suiteSecret, "", "us-east-1", "service", suiteTime); err != nil {
		t.Fatal(err)
	}
	const want = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " +
		"SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
	if got := r.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization\n got %s\nwant %s", got, want)
	}
}
