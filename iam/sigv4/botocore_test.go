package sigv4

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// botocoreServer answers STS and IAM query calls after verifying their
// signatures against secret, with just enough XML for botocore to parse.
func botocoreServer(t *testing.T, secret string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if !IsSigned(r) {
			writeXMLError(w, &Error{Code: "MissingAuthenticationToken", Message: "Request is missing Authentication Token", Status: 403})
			return
		}
		p, err := Parse(r)
		if err == nil {
			err = Verify(r, p, secret, body, time.Now())
		}
		if err != nil {
			t.Logf("%s %s: %v", r.Method, r.URL, err)
			writeXMLError(w, err.(*Error))
			return
		}
		action := r.FormValue("Action")
		if action == "" {
			action = strings.SplitN(strings.SplitN(string(body), "Action=", 2)[1], "&", 2)[0]
		}
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprintf(w, `<%[1]sResponse><%[1]sResult>%[2]s</%[1]sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%[1]sResponse>`,
			action, map[string]string{
				"GetCallerIdentity": "<Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>AIDA</UserId><Account>123456789012</Account>",
				"AssumeRole": "<Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey>" +
					"<SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>",
				"ListRoles": "<Roles/><IsTruncated>false</IsTruncated>",
			}[action])
	}))
}

func writeXMLError(w http.ResponseWriter, e *Error) {
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(e.Status)
	fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
		e.Code, e.Message)
}

// TestBotocore signs real calls with botocore and checks that Verify accepts
// them, and that a wrong secret is refused. It needs python3 with botocore;
// without them it is skipped, unless CI=true.
func TestBotocore(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("short")
	}
	if err := exec.Command("python3", "-c", "import botocore").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with botocore is required in CI: %v", err)
		}
		t.Skipf("python3 with botocore unavailable: %v", err)
	}
	srv := botocoreServer(t, testSecret)
	t.Cleanup(srv.Close)
	calls := []string{
		"us-east-1 GetCallerIdentity", "us-east-1 AssumeRole", "eu-west-1 GetCallerIdentity", "eu-west-1 AssumeRole",
		"us-east-1 ListRoles", "us-east-1 presigned",
	}
	tests := []struct {
		name, secret, token string
		want                []string // per call
	}{
		{name: "long-term key", secret: testSecret, want: []string{"ok", "ok", "ok", "ok", "ok", "ok"}},
		{name: "session token", secret: testSecret, token: "FwoGZXIvYXdzE+/tok==", want: []string{"ok", "ok", "ok", "ok", "ok", "ok"}},
		{name: "wrong secret", secret: "not-the-secret", want: []string{
			CodeSignatureDoesNotMatch, CodeSignatureDoesNotMatch, CodeSignatureDoesNotMatch, CodeSignatureDoesNotMatch,
			CodeSignatureDoesNotMatch, "403"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"testdata/botocore_client.py", srv.URL, testAKID, tt.secret}
			if tt.token != "" {
				args = append(args, tt.token)
			}
			cmd := exec.Command("python3", args...)
			cmd.Env = append(os.Environ(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
				"AWS_MAX_ATTEMPTS=1", "AWS_RETRY_MODE=standard")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("botocore client: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(string(out)), "\n")
			if len(lines) != len(calls) {
				t.Fatalf("botocore client output:\n%s", out)
			}
			for i, call := range calls {
				if want := call + " " + tt.want[i]; lines[i] != want {
					t.Errorf("got %q, want %q", lines[i], want)
				}
			}
		})
	}
}
