package s3

import (
	"encoding/json"
	"net"
	"net/url"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of S3 this package enforces.
const (
	// MaxKeyBytes is the longest object key, in UTF-8 bytes.
	MaxKeyBytes = 1024
	// MaxMetadataBytes bounds user metadata: the sum of the UTF-8 lengths
	// of every x-amz-meta-* name (without the prefix) and value.
	MaxMetadataBytes = 2048
	// MaxObjectSize is the largest single PUT: 5 GiB.
	MaxObjectSize = 5 << 30
	// MaxMultipartSize is the largest object a multipart upload makes: 48.8 TiB
	// in S3; far beyond what a test machine holds, it is S3's all the same.
	MaxMultipartSize = 5 << 40
	// MinPartSize is the least size of a part that is not the last.
	MinPartSize = 5 << 20
	// MaxParts is the highest part number.
	MaxParts = 10000
	// MaxBuckets is S3's default bucket quota per account (general purpose
	// buckets, since 2024).
	MaxBuckets = 10000
	// MaxObjectTags and MaxBucketTags bound tag sets.
	MaxObjectTags = 10
	MaxBucketTags = 50
	// MaxPolicyBytes bounds a bucket policy: 20 KB.
	MaxPolicyBytes = 20 << 10
	// MaxDeleteObjects bounds a DeleteObjects request.
	MaxDeleteObjects = 1000
)

// ValidBucketName reports whether name follows S3's naming rules for
// general purpose buckets: 3 to 63 characters of lower-case letters,
// digits, dots and hyphens, starting and ending with a letter or digit, no
// two dots in a row, not an IP address, and none of S3's reserved prefixes
// and suffixes.
func ValidBucketName(name string) bool {
	if len(name) < 3 || len(name) > 63 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '.' || c == '-':
			if i == 0 || i == len(name)-1 {
				return false
			}
			if c == '.' && name[i-1] == '.' {
				return false
			}
		default:
			return false
		}
	}
	if ip := net.ParseIP(name); ip != nil && ip.To4() != nil {
		return false
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if strings.HasPrefix(name, p) {
			return false
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if strings.HasSuffix(name, s) {
			return false
		}
	}
	return true
}

// CheckKey checks an object key: 1 to 1,024 bytes of UTF-8. Any character
// is allowed, as in S3 (a key is a name, never a path: "../x" is a key like
// any other).
func CheckKey(key string) error {
	switch {
	case key == "":
		return errInvalidArgument("key", "", "The key must not be empty.")
	case !utf8.ValidString(key):
		return ErrInvalidURI(url.PathEscape(key))
	case len(key) > MaxKeyBytes:
		return errKeyTooLong(len(key))
	}
	return nil
}

// Tag is one tag of a bucket or object.
type Tag struct {
	Key, Value string
}

// ParseTagging parses the x-amz-tagging header: tags as a URL query
// ("k1=v1&k2=v2"), in the order given.
func ParseTagging(h string) ([]Tag, error) {
	if h == "" {
		return nil, nil
	}
	var tags []Tag
	for part := range strings.SplitSeq(h, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err1 := url.QueryUnescape(k)
		value, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, errInvalidArgument("x-amz-tagging", h, "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.")
		}
		tags = append(tags, Tag{key, value})
	}
	return tags, nil
}

// TagHeader renders tags as the x-amz-tagging header does.
func TagHeader(tags []Tag) string {
	v := make([]string, len(tags))
	for i, t := range tags {
		v[i] = url.QueryEscape(t.Key) + "=" + url.QueryEscape(t.Value)
	}
	return strings.Join(v, "&")
}

// checkTags checks a tag set against S3's rules: at most max tags, keys of
// 1 to 128 characters and values of at most 256, from letters, digits,
// spaces and + - = . _ : / @, no key twice and none starting with aws:.
func checkTags(tags []Tag, max int, object bool) error {
	if len(tags) > max {
		if object {
			return errInvalidTag("Object tags cannot be greater than 10")
		}
		return errInvalidTag("Bucket tag count cannot be greater than 50")
	}
	seen := make(map[string]bool, len(tags))
	for _, t := range tags {
		switch {
		case utf8.RuneCountInString(t.Key) > 128:
			return errInvalidTag("The TagKey you have provided is too long, max 128")
		case utf8.RuneCountInString(t.Value) > 256:
			return errInvalidTag("The TagValue you have provided is too long, max 256")
		case t.Key == "" || !tagChars(t.Key):
			return errInvalidTag("The TagKey you have provided is invalid")
		case !tagChars(t.Value):
			return errInvalidTag("The TagValue you have provided is invalid")
		case strings.HasPrefix(strings.ToLower(t.Key), "aws:"):
			return errInvalidTag("Your TagKey cannot be prefixed with aws:")
		case seen[t.Key]:
			return errInvalidTag("Cannot provide multiple Tags with the same key")
		}
		seen[t.Key] = true
	}
	return nil
}

func tagChars(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) || strings.ContainsRune("+-=._:/@", r) {
			continue
		}
		return false
	}
	return true
}

func tagsJSON(tags []Tag) string {
	if len(tags) == 0 {
		return ""
	}
	b, _ := json.Marshal(tags)
	return string(b)
}

func tagsOf(s string) []Tag {
	if s == "" {
		return nil
	}
	var tags []Tag
	_ = json.Unmarshal([]byte(s), &tags)
	return tags
}

// Metadata is an object's user metadata: the x-amz-meta-* headers, by name
// in lower case without the prefix.
type Metadata map[string]string

// checkMetadata bounds the metadata's size as S3 counts it.
func checkMetadata(m Metadata) error {
	n := 0
	for k, v := range m {
		n += len(k) + len(v)
	}
	if n > MaxMetadataBytes {
		return errMetadataTooLarge(n)
	}
	return nil
}

// Names returns the metadata's names in order.
func (m Metadata) Names() []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func metadataJSON(m Metadata) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func metadataOf(s string) Metadata {
	if s == "" {
		return nil
	}
	var m Metadata
	_ = json.Unmarshal([]byte(s), &m)
	return m
}

// Headers are the standard headers stored with an object and sent back
// with it: Cache-Control, Content-Disposition, Content-Encoding,
// Content-Language, Expires and x-amz-website-redirect-location.
type Headers struct {
	CacheControl       string `json:"Cache-Control,omitempty"`
	ContentDisposition string `json:"Content-Disposition,omitempty"`
	ContentEncoding    string `json:"Content-Encoding,omitempty"`
	ContentLanguage    string `json:"Content-Language,omitempty"`
	Expires            string `json:"Expires,omitempty"`
	WebsiteRedirect    string `json:"x-amz-website-redirect-location,omitempty"`
}

func (h Headers) json() string {
	if h == (Headers{}) {
		return ""
	}
	b, _ := json.Marshal(h)
	return string(b)
}

func headersOf(s string) Headers {
	var h Headers
	if s != "" {
		_ = json.Unmarshal([]byte(s), &h)
	}
	return h
}
