package s3

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// MaxListKeys is the most keys one listing returns.
const MaxListKeys = 1000

// ListObjectsInput lists a bucket's objects: ListObjectsV2 (V2) or the
// original ListObjects.
type ListObjectsInput struct {
	Bucket    string
	V2        bool
	Prefix    string
	Delimiter string
	// MaxKeys is -1 when the request gives none (1,000).
	MaxKeys int
	// ListObjectsV2: ContinuationToken (opaque) or StartAfter.
	ContinuationToken, StartAfter string
	// ListObjects: Marker.
	Marker string
	// EncodingType "url" asks for URL-encoded keys in the response; the
	// caller encodes, but the value is checked here.
	EncodingType string
}

// ObjectSummary is one object of a listing.
type ObjectSummary struct {
	store.S3ObjectEntry
}

// ETagQuoted is the entry's ETag as S3 sends it.
func (o ObjectSummary) ETagQuoted() string { return `"` + o.ETag + `"` }

// ListObjectsOutput is one page of a listing.
type ListObjectsOutput struct {
	Objects        []ObjectSummary
	CommonPrefixes []string
	IsTruncated    bool
	// NextContinuationToken (V2) or NextMarker (V1, with a delimiter).
	NextContinuationToken, NextMarker string
	MaxKeys                           int
	Owner                             string // the bucket owner's account ID
}

// KeyCount is the number of keys and common prefixes returned.
func (o *ListObjectsOutput) KeyCount() int { return len(o.Objects) + len(o.CommonPrefixes) }

// ListObjects lists a bucket's objects (s3:ListBucket, with s3:prefix,
// s3:delimiter and s3:max-keys): keys in UTF-8 byte order, rolled up into
// common prefixes at the delimiter.
func (s *Service) ListObjects(ctx context.Context, c *iam.Caller, in ListObjectsInput) (*ListObjectsOutput, error) {
	params := map[string]any{}
	if in.V2 {
		params["list-type"] = "2"
	}
	for name, v := range map[string]string{"prefix": in.Prefix, "delimiter": in.Delimiter, "encoding-type": in.EncodingType,
		"start-after": in.StartAfter, "marker": in.Marker} {
		if v != "" {
			params[name] = v
		}
	}
	if in.MaxKeys >= 0 {
		params["max-keys"] = strconv.Itoa(in.MaxKeys)
	}
	k, b, err := s.bucketCall(ctx, c, "ListObjects", in.Bucket, dataRead, params)
	if err != nil {
		return nil, err
	}
	keys := map[string][]string{"s3:prefix": {in.Prefix}}
	if in.Delimiter != "" {
		keys["s3:delimiter"] = []string{in.Delimiter}
	}
	maxKeys := in.MaxKeys
	if maxKeys < 0 {
		maxKeys = MaxListKeys
	} else {
		keys["s3:max-keys"] = []string{strconv.Itoa(maxKeys)}
	}
	if err := k.authorize(ctx, catalog.S3ListBucket.String(), b.arn, keys); err != nil {
		return nil, err
	}
	if in.EncodingType != "" && in.EncodingType != "url" {
		return nil, k.fail(errInvalidArgument("encoding-type", in.EncodingType, "Invalid Encoding Method specified in Request"))
	}
	after := in.Marker
	if in.V2 {
		after = in.StartAfter
		if in.ContinuationToken != "" {
			t, err := base64.RawURLEncoding.DecodeString(in.ContinuationToken)
			if err != nil || !strings.HasPrefix(string(t), "1:") {
				return nil, k.fail(errInvalidArgument("continuation-token", in.ContinuationToken, "The continuation token provided is incorrect"))
			}
			after = string(t[2:])
		}
	}
	out := &ListObjectsOutput{MaxKeys: in.MaxKeys, Owner: b.owner}
	if out.MaxKeys < 0 {
		out.MaxKeys = MaxListKeys
	}
	last, err := s.cachedList(ctx, b.name, in.Prefix, in.Delimiter, after, min(maxKeys, MaxListKeys), out)
	if err != nil {
		return nil, k.fail(internal(err))
	}
	if out.IsTruncated {
		if in.V2 {
			out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte("1:" + last))
		} else if in.Delimiter != "" {
			out.NextMarker = last
		}
	}
	return out, k.read(nil)
}

// cachedList is list through the listing cache.
func (s *Service) cachedList(ctx context.Context, bucket, prefix, delim, after string, limit int, out *ListObjectsOutput) (string, error) {
	if s.shared {
		return s.list(ctx, bucket, prefix, delim, after, limit, out)
	}
	ck := bucket + "\x00" + prefix + "\x00" + delim + "\x00" + after + "\x00" + strconv.Itoa(limit)
	gen := s.listGen(bucket)
	g := gen.Load()
	if c, ok := s.listings.Get(ck); ok && c.gen == g {
		out.Objects, out.CommonPrefixes, out.IsTruncated = c.objects, c.prefixes, c.truncated
		return c.last, nil
	}
	last, err := s.list(ctx, bucket, prefix, delim, after, limit, out)
	if err != nil {
		return "", err
	}
	if gen.Load() == g {
		s.listings.Put(ck, &cachedListing{gen: g, objects: out.Objects, prefixes: out.CommonPrefixes, truncated: out.IsTruncated, last: last})
	}
	return last, nil
}

// list fills out with up to limit keys and common prefixes after the key
// after, and returns the last one returned.
func (s *Service) list(ctx context.Context, bucket, prefix, delim, after string, limit int, out *ListObjectsOutput) (string, error) {
	from, skip := prefix, ""
	if after >= from {
		from, skip = after, after
		// Resuming after a common prefix skips every key under it.
		if rest, ok := strings.CutPrefix(after, prefix); ok && delim != "" && strings.Contains(rest, delim) {
			cp := prefix + rest[:strings.Index(rest, delim)+len(delim)]
			from, skip = store.PrefixEnd(cp), ""
		}
	}
	to := store.PrefixEnd(prefix)
	if prefix == "" {
		to = ""
	}
	last := ""
	count := 0
	for {
		if from == "" && prefix != "" {
			return last, nil // past the last possible key of the prefix
		}
		batch := limit - count + 1
		if delim != "" {
			batch = min(batch, 256)
		}
		es, err := s.st.S3ObjectEntries(ctx, bucket, from, to, skip, batch)
		if err != nil {
			return "", err
		}
		if len(es) == 0 {
			return last, nil
		}
		jumped := false
		for _, e := range es {
			if count == limit {
				out.IsTruncated = true
				return last, nil
			}
			rest := e.Key[len(prefix):]
			if i := strings.Index(rest, delim); delim != "" && i >= 0 {
				cp := prefix + rest[:i+len(delim)]
				out.CommonPrefixes = append(out.CommonPrefixes, cp)
				count++
				last = cp
				from, skip = store.PrefixEnd(cp), ""
				jumped = true
				break
			}
			out.Objects = append(out.Objects, ObjectSummary{e})
			count++
			last = e.Key
		}
		if !jumped {
			if len(es) < batch {
				return last, nil
			}
			from, skip = last, last
		}
		if from == "" {
			return last, nil
		}
	}
}
