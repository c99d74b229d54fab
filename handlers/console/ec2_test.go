package console_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"iamconsole/web/webtest"
)

var instanceRow = regexp.MustCompile(`data-instance-id="(i-[0-9a-f]{17})"`)

func TestEC2Pages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t, webtest.Options{ManualClock: true})
	admin := env.SignIn(t, "production", "admin")
	_, body := admin.Get(t, "/ec2/instances")
	if n := strings.Count(body, `data-testid="ec2-instance"`); n != 3 || !strings.Contains(body, `data-testid="ec2-instances"`) || !strings.Contains(body, "web-1") {
		t.Fatalf("demo instances: %d\n%.2000s", n, body)
	}
	_, body = admin.Get(t, "/ec2/instances/launch")
	if !strings.Contains(body, "ami-0c02fb55956c7d316") || !strings.Contains(body, `data-testid="launch"`) {
		t.Errorf("launch form:\n%.2000s", body)
	}
	res, body := admin.Post(t, "/ec2/instances", url.Values{"name": {"api"}, "image": {"ami-02d7fd1c2af6eead0"}, "type": {"t3.micro"}, "count": {"1"}}, "/ec2/instances/launch")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "does not match the architecture &#39;arm64&#39;") {
		t.Errorf("arm64 AMI on t3.micro: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/ec2/instances", url.Values{"name": {"api"}, "image": {"ami-0c02fb55956c7d316"}, "type": {"t3.micro"}, "count": {"0"}}, "/ec2/instances/launch")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("count 0: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/ec2/instances", url.Values{"name": {"api"}, "image": {"ami-0c02fb55956c7d316"}, "type": {"t3.micro"}, "count": {"1"}}, "/ec2/instances/launch")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("launch: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/ec2/instances?state=pending")
	m := instanceRow.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "api") {
		t.Fatalf("no pending instance:\n%.2000s", body)
	}
	id := m[1]
	env.Clock.Advance(5 * time.Second)
	_, body = admin.Get(t, "/ec2/instances?state=running")
	if !strings.Contains(body, id) {
		t.Errorf("%s is not running after 5 s", id)
	}
	res, body = admin.Post(t, "/ec2/instances/state", url.Values{"action": {"terminate"}, "instance_id": {id}}, "/ec2/instances")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="ec2-confirm-terminate"`) {
		t.Fatalf("terminate without confirmation: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/ec2/instances/state", url.Values{"action": {"terminate"}, "confirm": {"yes"}, "instance_id": {id}}, "/ec2/instances")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("terminate: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/ec2/instances?state=shutting-down")
	if !strings.Contains(body, id) {
		t.Errorf("%s is not shutting down", id)
	}
	env.Clock.Advance(5 * time.Second)
	res, body = admin.Post(t, "/ec2/instances/state", url.Values{"action": {"start"}, "instance_id": {id}}, "/ec2/instances")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "is not in a state from which it can be started") {
		t.Errorf("start a terminated instance: %d", res.StatusCode)
	}
	env.Clock.Advance(61 * time.Minute)
	if _, body = admin.Get(t, "/ec2/instances"); strings.Contains(body, id) || !strings.Contains(body, "web-1") {
		t.Errorf("%s is still listed an hour after it terminated", id)
	}
	res, _ = admin.Post(t, "/ec2/instances/state", url.Values{"action": {"stop"}}, "/ec2/instances")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("stop nothing: %d", res.StatusCode)
	}

	// Development's administrator, without MFA, may not switch to the
	// terminating role; david sees no state menu actions.
	dev := env.SignIn(t, "development", "admin")
	if res, _ := dev.Post(t, "/switchrole", url.Values{"account": {"production"}, "roleName": {"EC2-Terminate-role"}}, "/switchrole"); res.StatusCode != http.StatusForbidden {
		t.Errorf("switch without MFA: %d", res.StatusCode)
	}
	david := env.SignIn(t, "development", "david")
	switchTo(t, david, "DynamoDB-ReadOnly-role")
	if res, _ := david.Get(t, "/ec2/instances"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the DynamoDB role lists instances: %d", res.StatusCode)
	}
}
