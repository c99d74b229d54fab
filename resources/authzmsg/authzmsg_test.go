package authzmsg

import (
	"strings"
	"testing"
)

func testCodec(t *testing.T) *Codec {
	c, err := New([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	c := testCodec(t)
	m := &Message{ExplicitDeny: true, Context: Context{Principal: Principal{ID: "AIDAEXAMPLE", Name: "bob", ARN: "arn:aws:iam::123456789012:user/bob"},
		Action: "ec2:TerminateInstances", Resource: "arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0",
		Conditions: Conditions(map[string][]string{"ec2:Region": {"us-east-1"}, "aws:TagKeys": {"a", "b"}})}}
	enc := c.Encode("123456789012", m)
	if strings.ContainsAny(enc, "+/= ") {
		t.Errorf("not URL-safe: %s", enc)
	}
	got, err := c.Decode("123456789012", enc)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"allowed":false,"explicitDeny":true,"matchedStatements":{"items":[]},"failures":{"items":[]},"context":{"principal":{"id":"AIDAEXAMPLE","name":"bob","arn":"arn:aws:iam::123456789012:user/bob"},"action":"ec2:TerminateInstances","resource":"arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0","conditions":{"items":[{"key":"aws:TagKeys","values":{"items":[{"value":"a"},{"value":"b"}]}},{"key":"ec2:Region","values":{"items":[{"value":"us-east-1"}]}}]}}}`
	if got.JSON() != want {
		t.Errorf("decoded\n%s\nwant\n%s", got.JSON(), want)
	}
	if _, err := c.Decode("111122223333", enc); err != ErrInvalid {
		t.Errorf("another account decoded it: %v", err)
	}
	// A character in the middle, changed for certain (the last may carry
	// only padding bits, and may already be what it would become).
	mid := len(enc) / 2
	flip := "A"
	if enc[mid] == 'A' {
		flip = "B"
	}
	if _, err := c.Decode("123456789012", enc[:mid]+flip+enc[mid+1:]); err != ErrInvalid {
		t.Errorf("a changed message decoded: %v", err)
	}
	other, _ := New([]byte("fedcba9876543210fedcba9876543210"))
	if _, err := other.Decode("123456789012", enc); err != ErrInvalid {
		t.Errorf("another key decoded it: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	c, _ := New([]byte("0123456789abcdef0123456789abcdef"))
	f.Add(c.Encode("123456789012", &Message{}))
	f.Add("")
	f.Add("not base64!")
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := c.Decode("123456789012", s); err == nil && m == nil {
			t.Fatal("nil message without error")
		}
	})
}
