package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"iamconsole/web/webtest"
)

// switchTo switches a signed-in client to a role of Production.
func switchTo(t *testing.T, c *webtest.Client, role string) {
	t.Helper()
	res, body := c.Post(t, "/switchrole", url.Values{"account": {"production"}, "roleName": {role}}, "/switchrole")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch to %s: %d\n%.2000s", role, res.StatusCode, body)
	}
}

func TestDynamoDBPages(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	admin := env.SignIn(t, "production", "admin")

	_, body := admin.Get(t, "/dynamodb/tables")
	for _, want := range []string{`data-testid="ddb-tables"`, `href="/dynamodb/tables/TestProject"`, "ID (S)", `data-testid="create-table"`} {
		if !strings.Contains(body, want) {
			t.Errorf("tables page lacks %q", want)
		}
	}
	res, body := admin.Post(t, "/dynamodb/tables", url.Values{"table_name": {"Music"}, "partition_key": {"Artist"}, "partition_type": {"S"},
		"sort_key": {"Song"}, "sort_type": {"S"}, "billing": {"PAY_PER_REQUEST"}}, "/dynamodb/tables")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/dynamodb/tables/Music" {
		t.Fatalf("create table: %d %s\n%.1000s", res.StatusCode, res.Header.Get("Location"), body)
	}
	res, body = admin.Post(t, "/dynamodb/tables", url.Values{"table_name": {"ab"}, "partition_key": {"k"}, "partition_type": {"S"}}, "/dynamodb/tables")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Member must have length greater than or equal to 3") {
		t.Errorf("short name: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/dynamodb/tables", url.Values{"table_name": {"Music"}, "partition_key": {"Artist"}, "partition_type": {"S"}}, "/dynamodb/tables")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("existing table: %d", res.StatusCode)
	}
	for _, song := range []string{"a", "b", "c"} {
		item := `{"Artist":{"S":"X"},"Song":{"S":"` + song + `"},"Plays":{"N":"1"}}`
		res, body = admin.Post(t, "/dynamodb/tables/Music/items", url.Values{"item": {item}}, "/dynamodb/tables/Music/item")
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("put item: %d\n%.1000s", res.StatusCode, body)
		}
	}
	res, body = admin.Post(t, "/dynamodb/tables/Music/items", url.Values{"item": {`{"Artist":{"S":"X"}}`}}, "/dynamodb/tables/Music/item")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Missing the key Song in the item") {
		t.Errorf("item without its sort key: %d", res.StatusCode)
	}
	res, _ = admin.Post(t, "/dynamodb/tables/Music/items", url.Values{"item": {`not json`}}, "/dynamodb/tables/Music/item")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("not JSON: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/dynamodb/tables/Music?mode=query&pk=X&skop=%3E&sk=a")
	if got := strings.Count(body, `data-testid="ddb-item"`); got != 2 {
		t.Errorf("query Song > a: %d items", got)
	}
	_, body = admin.Get(t, "/dynamodb/tables/Music")
	if got := strings.Count(body, `data-testid="ddb-item"`); got != 3 || !strings.Contains(body, `data-testid="ddb-items"`) {
		t.Errorf("scan: %d items", got)
	}
	key := `{"Artist":{"S":"X"},"Song":{"S":"a"}}`
	_, body = admin.Get(t, "/dynamodb/tables/Music/item?key="+url.QueryEscape(key))
	if !strings.Contains(body, "&#34;Plays&#34;") || !strings.Contains(body, `data-testid="save-item"`) {
		t.Errorf("item editor:\n%.3000s", body)
	}
	res, _ = admin.Post(t, "/dynamodb/tables/Music/items/delete", url.Values{"key": {key}}, "/dynamodb/tables/Music")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete item: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/dynamodb/tables/Music")
	if got := strings.Count(body, `data-testid="ddb-item"`); got != 2 {
		t.Errorf("after delete: %d items", got)
	}
	res, _ = admin.Post(t, "/dynamodb/tables/Music/delete", nil, "/dynamodb/tables/Music")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("delete table: %d", res.StatusCode)
	}
	if res, _ := admin.Get(t, "/dynamodb/tables/Music"); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleted table: %d", res.StatusCode)
	}
}

// TestDynamoDBReadOnlyRole is the walkthrough: david switches to
// Production's DynamoDB-ReadOnly-role, reads TestProject's item, and may
// not write it.
func TestDynamoDBReadOnlyRole(t *testing.T) {
	t.Parallel()
	env := webtest.New(t)
	david := env.SignIn(t, "development", "david")
	if res, _ := david.Get(t, "/dynamodb/tables"); res.StatusCode != http.StatusOK {
		t.Errorf("david's own tables: %d", res.StatusCode)
	}
	switchTo(t, david, "DynamoDB-ReadOnly-role")
	_, body := david.Get(t, "/dynamodb/tables/TestProject")
	for _, want := range []string{"1234567890", "Test project", `title="You need dynamodb:PutItem"`, `title="You need dynamodb:DeleteItem"`, `title="You need dynamodb:DeleteTable"`} {
		if !strings.Contains(body, want) {
			t.Errorf("table page lacks %q", want)
		}
	}
	key := `{"ID":{"S":"1234567890"}}`
	_, body = david.Get(t, "/dynamodb/tables/TestProject/item?key="+url.QueryEscape(key))
	if !strings.Contains(body, `disabled title="You need dynamodb:PutItem"`) {
		t.Error("the item editor lets the read-only role save")
	}
	res, body := david.Post(t, "/dynamodb/tables/TestProject/items", url.Values{"item": {`{"ID":{"S":"1234567890"},"X":{"S":"y"}}`}}, "/dynamodb/tables/TestProject")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/TestProject") {
		t.Errorf("put as the read-only role: %d\n%.2000s", res.StatusCode, body)
	}
	theresa := env.SignIn(t, "development", "theresa")
	res, _ = theresa.Post(t, "/switchrole", url.Values{"account": {"production"}, "roleName": {"DynamoDB-ReadOnly-role"}}, "/switchrole")
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("theresa switching to DynamoDB-ReadOnly-role: %d, want 403", res.StatusCode)
	}
}
