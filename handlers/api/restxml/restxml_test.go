package restxml

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type tagging struct {
	TagSet struct {
		Tag []struct{ Key, Value string }
	}
}

type deleteReq struct {
	Quiet  bool
	Object []struct{ Key, VersionId string }
}

type complete struct {
	Part []struct {
		PartNumber int
		ETag       string
	}
}

func TestDecode(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, body, root string
		ok               bool
	}{
		{"tagging", `<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>`, "Tagging", true},
		{"with namespace and declaration", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet/></Tagging>`, "Tagging", true},
		{"trailing comment", `<Tagging><TagSet/></Tagging><!-- done -->`, "Tagging", true},
		{"wrong root", `<Other/>`, "Tagging", false},
		{"unclosed", `<Tagging><TagSet>`, "Tagging", false},
		{"two roots", `<Tagging/><Tagging/>`, "Tagging", false},
		{"text after the root", `<Tagging/>junk`, "Tagging", false},
		{"doctype", `<!DOCTYPE Tagging [<!ENTITY x "y">]><Tagging/>`, "Tagging", false},
		{"empty", ``, "Tagging", false},
		{"not a number", `<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>`, "CompleteMultipartUpload", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var v any = &tagging{}
			if tc.root == "CompleteMultipartUpload" {
				v = &complete{}
			}
			err := Decode([]byte(tc.body), tc.root, v)
			if (err == nil) != tc.ok {
				t.Fatalf("Decode(%q) = %v, want ok %v", tc.body, err, tc.ok)
			}
		})
	}
}

func TestBuilderAndErrors(t *testing.T) {
	t.Parallel()
	b := NewBuilder().Root("R").Text("K", `a<b>&"c"'`+"\x00").Int("N", 42).Bool("B", true).
		Time("T", time.Date(2026, 1, 2, 3, 4, 5, 6e6, time.UTC)).TextIf("Skip", "").Close("R")
	want := Header + `<R xmlns="` + Namespace + `"><K>a&lt;b&gt;&amp;&quot;c&quot;&apos;&#x0;</K><N>42</N><B>true</B><T>2026-01-02T03:04:05.006Z</T></R>`
	if got := string(b.Bytes()); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	b.Release()
	w := httptest.NewRecorder()
	WriteError(w, httptest.NewRequest("GET", "/", nil), 404, "NoSuchKey", "The specified key does not exist.", "RID", "HID", []Detail{{"Key", "k"}})
	if w.Code != 404 || !strings.Contains(w.Body.String(), "<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key><RequestId>RID</RequestId><HostId>HID</HostId>") {
		t.Errorf("error body %d %s", w.Code, w.Body)
	}
	w = httptest.NewRecorder()
	WriteError(w, httptest.NewRequest(http.MethodHead, "/", nil), 404, "NoSuchKey", "m", "RID", "HID", nil)
	if w.Body.Len() != 0 || w.Header().Get("x-amz-request-id") != "RID" {
		t.Errorf("HEAD error has a body: %q", w.Body)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>`,
		`<Delete><Quiet>true</Quiet><Object><Key>k</Key></Object></Delete>`,
		`<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>`,
		`<?xml version="1.0"?><Tagging/>`, `<!DOCTYPE a><a/>`, `<a>&#0;</a>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = Decode(body, "Tagging", &tagging{})
		_ = Decode(body, "Delete", &deleteReq{})
		_ = Decode(body, "CompleteMultipartUpload", &complete{})
	})
}

// FuzzAppendEscaped checks that escaped text reads back as itself.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"plain", `<&>"'`, "é ✓", "tab\tnl\n", "bad\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendEscaped(nil, s)
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool {
			return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r == 0xFFFE || r == 0xFFFF || r >= 0xD800 && r < 0xE000
		}) {
			return
		}
		var v struct {
			Text string `xml:",chardata"`
		}
		if err := xml.Unmarshal([]byte("<a>"+string(out)+"</a>"), &v); err != nil {
			t.Fatalf("%q escaped as %q does not parse: %v", s, out, err)
		}
		// Line ends go as references, so no parser normalizes them.
		if v.Text != s {
			t.Fatalf("%q came back as %q", s, v.Text)
		}
	})
}
