package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// The conformance tests of the resource services' tables (S3, DynamoDB,
// EC2): every dialect stores, orders and deletes alike.

// TestS3BucketsConform checks buckets: a taken name, listing by prefix in
// byte order, configuration columns, and a bucket that is not empty.
func TestS3BucketsConform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		now := time.Now().UTC().Truncate(time.Microsecond)
		tx(t, st, func(q *Q) error {
			for _, n := range []string{"b-2", "a-1", "b-1", "c"} {
				if err := q.CreateS3Bucket(&S3Bucket{Name: n, AccountID: "111122223333", Region: "us-east-1", CreatedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		err := st.Tx(context.Background(), func(q *Q) error {
			return q.CreateS3Bucket(&S3Bucket{Name: "c", AccountID: "111122223333", Region: "eu-west-1", CreatedAt: now})
		})
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("a taken bucket name: %v, want ErrDuplicate", err)
		}
		q := st.Read(context.Background())
		bs, err := q.S3Buckets("111122223333", "b-", "", 0)
		if err != nil || len(bs) != 2 || bs[0].Name != "b-1" || bs[1].Name != "b-2" {
			t.Errorf("buckets with prefix b-: %+v %v", bs, err)
		}
		bs, err = q.S3Buckets("111122223333", "", "a-1", 2)
		if err != nil || len(bs) != 2 || bs[0].Name != "b-1" || bs[1].Name != "b-2" {
			t.Errorf("buckets after a-1: %+v %v", bs, err)
		}
		if n, err := q.S3BucketCount("111122223333"); err != nil || n != 4 {
			t.Errorf("bucket count %d %v", n, err)
		}
		policy := `{"Version":"2012-10-17"}`
		tx(t, st, func(q *Q) error { return q.SetS3BucketConfig("c", S3BucketPolicy, &policy) })
		b, err := st.Read(context.Background()).S3Bucket("c")
		if err != nil || b.Policy == nil || *b.Policy != policy || b.Tags != nil || !b.CreatedAt.Equal(now) {
			t.Errorf("bucket c: %+v %v", b, err)
		}
		tx(t, st, func(q *Q) error { return q.SetS3BucketConfig("c", S3BucketPolicy, nil) })
		if b, err := st.Read(context.Background()).S3Bucket("c"); err != nil || b.Policy != nil {
			t.Errorf("policy removed: %+v %v", b, err)
		}
		if err := st.Tx(context.Background(), func(q *Q) error { return q.SetS3BucketConfig("nope", S3BucketTags, nil) }); !errors.Is(err, ErrNotFound) {
			t.Errorf("configure a missing bucket: %v", err)
		}

		putObject(t, st, "c", "k", []byte("data"), now)
		if err := st.Tx(context.Background(), func(q *Q) error { return q.DeleteS3Bucket("c") }); !errors.Is(err, ErrConflict) {
			t.Errorf("delete a bucket with an object: %v, want ErrConflict", err)
		}
		tx(t, st, func(q *Q) error { return q.DeleteS3Bucket("a-1") })
		if err := st.Tx(context.Background(), func(q *Q) error { return q.DeleteS3Bucket("a-1") }); !errors.Is(err, ErrNotFound) {
			t.Errorf("delete a deleted bucket: %v", err)
		}
	})
}

// putObject stores an object of data in one group commit write.
func putObject(t *testing.T, st *Store, bucket, key string, data []byte, now time.Time) {
	t.Helper()
	err := st.Batch(context.Background(), func(q *Q) error {
		id, err := q.NewS3BlobOf(data, now)
		if err != nil {
			return err
		}
		return q.PutS3Object(&S3Object{Bucket: bucket, Key: key, BlobID: id, Size: int64(len(data)), ETag: "e", LastModified: now, StorageClass: "STANDARD"})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// readObject reads an object's whole body through OpenS3Blob.
func readObject(t *testing.T, st *Store, bucket, key string) []byte {
	t.Helper()
	ctx := context.Background()
	o, err := st.S3Object(ctx, bucket, key)
	if err != nil {
		t.Fatalf("object %s: %v", key, err)
	}
	r, err := st.OpenS3Blob(ctx, o.BlobID, o.Size, 0, -1)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestS3ObjectsConform checks objects: small and chunked bodies, ranged
// reads, an overwrite releasing the old body (the trigger), byte-order
// listing with bounds, tags, deletes and the garbage collector leaving
// nothing behind.
func TestS3ObjectsConform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC()
		tx(t, st, func(q *Q) error {
			return q.CreateS3Bucket(&S3Bucket{Name: "b", AccountID: "111122223333", Region: "us-east-1", CreatedAt: now})
		})
		putObject(t, st, "b", "small", []byte("hello"), now)
		o, data, err := st.S3ObjectWithData(ctx, "b", "small")
		if err != nil || string(data) != "hello" || o.Size != 5 || !o.LastModified.Equal(time.Unix(0, now.UnixNano()).UTC()) {
			t.Errorf("small object: %+v %q %v", o, data, err)
		}

		// A body of three chunks, written chunk by chunk.
		big := bytes.Repeat([]byte("0123456789abcdef"), (2*S3ChunkSize+S3ChunkSize/2)/16)
		err = st.Tx(ctx, func(q *Q) error {
			id, err := q.NewS3Blob(now)
			if err != nil {
				return err
			}
			for seq, pos := 0, 0; pos < len(big); seq++ {
				end := min(pos+S3ChunkSize, len(big))
				if err := q.AppendS3Chunk(id, seq, int64(pos), big[pos:end]); err != nil {
					return err
				}
				pos = end
			}
			return q.PutS3Object(&S3Object{Bucket: "b", Key: "big", BlobID: id, Size: int64(len(big)), ETag: "e", LastModified: now, StorageClass: "STANDARD"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := readObject(t, st, "b", "big"); !bytes.Equal(got, big) {
			t.Errorf("big object: %d bytes read, want %d", len(got), len(big))
		}
		bo, _ := st.S3Object(ctx, "b", "big")
		r, err := st.OpenS3Blob(ctx, bo.BlobID, bo.Size, S3ChunkSize-3, 6)
		if err != nil {
			t.Fatal(err)
		}
		part, _ := io.ReadAll(r)
		if !bytes.Equal(part, big[S3ChunkSize-3:S3ChunkSize+3]) {
			t.Errorf("range across chunks: %q", part)
		}

		// A multipart upload's parts concatenated without copying.
		err = st.Tx(ctx, func(q *Q) error {
			if err := q.CreateS3Upload(&S3Upload{UploadID: "u1", Bucket: "b", Key: "mp", Initiator: "arn", CreatedAt: now, StorageClass: "STANDARD"}); err != nil {
				return err
			}
			var ids []int64
			for i, d := range []string{"part one,", "part two"} {
				id, err := q.NewS3BlobOf([]byte(d), now)
				if err != nil {
					return err
				}
				ids = append(ids, id)
				if err := q.PutS3Part(&S3Part{UploadID: "u1", PartNumber: i + 1, BlobID: id, Size: int64(len(d)), ETag: "p", LastModified: now}); err != nil {
					return err
				}
			}
			id, size, err := q.ConcatS3Blobs(ids, now)
			if err != nil {
				return err
			}
			if err := q.PutS3Object(&S3Object{Bucket: "b", Key: "mp", BlobID: id, Size: size, ETag: "m-2", LastModified: now, StorageClass: "STANDARD", PartsCount: 2}); err != nil {
				return err
			}
			return q.DeleteS3Upload("u1", now)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := readObject(t, st, "b", "mp"); string(got) != "part one,part two" {
			t.Errorf("completed upload: %q", got)
		}

		// An overwrite releases the old body: the collector deletes it.
		putObject(t, st, "b", "small", []byte("bye"), now)
		if got := readObject(t, st, "b", "small"); string(got) != "bye" {
			t.Errorf("overwritten object: %q", got)
		}
		tx(t, st, func(q *Q) error { return q.SetS3ObjectTags("b", "small", `[{"Key":"k"}]`) })
		if o, _ := st.S3Object(ctx, "b", "small"); o.Tags != `[{"Key":"k"}]` {
			t.Errorf("tags: %q", o.Tags)
		}
		if err := st.Tx(ctx, func(q *Q) error { return q.SetS3ObjectTags("b", "none", "") }); !errors.Is(err, ErrNotFound) {
			t.Errorf("tags of a missing object: %v", err)
		}
		later := now.Add(time.Hour)
		if n, err := st.CollectS3Garbage(ctx, later, now.Add(-time.Hour)); err != nil || n != 3 {
			t.Errorf("garbage after an overwrite and an upload: %d blobs, %v, want 3 (the old body, two parts)", n, err)
		}
		if got := readObject(t, st, "b", "mp"); string(got) != "part one,part two" {
			t.Errorf("completed upload after the parts were collected: %q", got)
		}
		for _, k := range []string{"small", "big", "mp"} {
			var found bool
			tx(t, st, func(q *Q) error { var err error; found, err = q.DeleteS3Object("b", k, now); return err })
			if !found {
				t.Errorf("delete %s: not found", k)
			}
		}
		if _, err := st.S3Object(ctx, "b", "small"); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted object: %v", err)
		}
		if _, err := st.CollectS3Garbage(ctx, later, later); err != nil {
			t.Fatal(err)
		}
		if u, err := st.S3Usage(ctx); err != nil || u != (S3Usage{}) {
			t.Errorf("left behind: %+v %v", u, err)
		}
	})
}

// TestS3ListingByteOrder checks that keys list in the byte order of their
// UTF-8, as S3 lists them, whatever the database's collation, with prefix
// bounds across multibyte runes, and bounds that are not UTF-8.
func TestS3ListingByteOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC()
		tx(t, st, func(q *Q) error {
			return q.CreateS3Bucket(&S3Bucket{Name: "b", AccountID: "111122223333", Region: "us-east-1", CreatedAt: now})
		})
		keys := []string{"B", "a", "a/b", "a/c", "a-", "aé", "aê", "a\u007f", "a\u0080", "a\uffff", "a\U0001F600", "a\U0010FFFF", "b", "é", "~",
			"a\x00", "a\x00\x01", "a\x01", "a\x01\x00", "a\x02", "\x00", "\x01"}
		for _, k := range keys {
			putObject(t, st, "b", k, []byte(k), now)
		}
		want := append([]string(nil), keys...)
		sortBytes(want)
		list := func(from, to, skip string, limit int) string {
			t.Helper()
			es, err := st.S3ObjectEntries(ctx, "b", from, to, skip, limit)
			if err != nil {
				t.Fatal(err)
			}
			var ks []string
			for _, e := range es {
				ks = append(ks, e.Key)
			}
			return strings.Join(ks, "|")
		}
		if got := list("", "", "", 100); got != strings.Join(want, "|") {
			t.Errorf("all keys:\n got %q\nwant %q", got, strings.Join(want, "|"))
		}
		var underA []string
		for _, k := range want {
			if strings.HasPrefix(k, "a") {
				underA = append(underA, k)
			}
		}
		if got := list("a", PrefixEnd("a"), "", 100); got != strings.Join(underA, "|") {
			t.Errorf("prefix a:\n got %q\nwant %q", got, strings.Join(underA, "|"))
		}
		if got := list("aé", PrefixEnd("aé"), "", 100); got != "aé" {
			t.Errorf("prefix aé: %q", got)
		}
		if got := list("a\U0010FFFF", PrefixEnd("a\U0010FFFF"), "", 100); got != "a\U0010FFFF" {
			t.Errorf("prefix of the last rune: %q", got)
		}
		if got := list("a\x00", PrefixEnd("a\x00"), "a\x00", 100); got != "a\x00\x01" {
			t.Errorf("prefix a\\x00 skipping a\\x00: %q", got)
		}
		if got := list("a\x01", PrefixEnd("a\x01"), "", 100); got != "a\x01|a\x01\x00" {
			t.Errorf("prefix a\\x01: %q", got)
		}
		for _, k := range []string{"a\x00\x01", "\x01"} {
			if got := readObject(t, st, "b", k); string(got) != k {
				t.Errorf("object %q holds %q", k, got)
			}
		}
		if got := list("a/", PrefixEnd("a/"), "a/b", 100); got != "a/c" {
			t.Errorf("prefix a/ skipping a/b: %q", got)
		}
		if got := list("", "", "", 2); got != strings.Join(want[:2], "|") {
			t.Errorf("limit 2: %q", got)
		}
		// Bounds that are not UTF-8 stand for the next key above them.
		if got := list("a\xc3", "a\xc3\xff", "", 100); got != "aé|aê" {
			t.Errorf("from a\\xc3 to a\\xc3\\xff: %q", got)
		}
		if got := list("\xff", "", "", 100); got != "" {
			t.Errorf("from \\xff: %q", got)
		}
		if got := list("a\x80", "b", "a\xff", 100); got != "a\u0080|aé|aê|a\uffff|a\U0001F600|a\U0010FFFF" {
			t.Errorf("from a\\x80 to b: %q", got)
		}
	})
}

func sortBytes(ks []string) {
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
}

func TestValidCeil(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"", "", true}, {"abc", "abc", true}, {"a\x80", "a\u0080", true}, {"a\xc3", "aÀ", true},
		{"a\xc3\xff", "a\u0100", true}, {"a\xf4\x90", "b", true}, {"\xff", "", false}, {"\xf4\x90", "", false},
		{"a\xed\xa0\x80", "a\ue000", true},
	} {
		got, ok := validCeil(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("validCeil(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	for _, c := range [][2]string{{"a", "b"}, {"a\u007f", "a\u0080"}, {"a\ud7ff", "a\ue000"}, {"a\U0010FFFF", "b"}, {"\U0010FFFF", ""}, {"\xff", ""}, {"a\xfe", "a\xff"}} {
		if got := prefixEnd(c[0]); got != c[1] {
			t.Errorf("prefixEnd(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// TestS3UploadsConform checks the listing of multipart uploads by key,
// then by time, from the markers.
func TestS3UploadsConform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		now := time.Now().UTC().Truncate(time.Microsecond)
		tx(t, st, func(q *Q) error {
			if err := q.CreateS3Bucket(&S3Bucket{Name: "b", AccountID: "111122223333", Region: "us-east-1", CreatedAt: now}); err != nil {
				return err
			}
			for i, u := range []struct{ id, key string }{{"u3", "k2"}, {"u1", "k1"}, {"u2", "k1"}, {"u4", "x"}, {"u5", "k\x00"}} {
				if err := q.CreateS3Upload(&S3Upload{UploadID: u.id, Bucket: "b", Key: u.key, Initiator: "arn", CreatedAt: now.Add(time.Duration(i) * time.Second)}); err != nil {
					return err
				}
			}
			return nil
		})
		q := st.Read(context.Background())
		ids := func(us []S3Upload, err error) string {
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, u := range us {
				s = append(s, u.UploadID)
			}
			return strings.Join(s, ",")
		}
		if got := ids(q.S3Uploads("b", "", "", "", 10)); got != "u5,u1,u2,u3,u4" {
			t.Errorf("uploads: %s", got)
		}
		if got := ids(q.S3Uploads("b", "k", "k1", "u1", 10)); got != "u2,u3" {
			t.Errorf("uploads after k1/u1 with prefix k: %s", got)
		}
		if got := ids(q.S3Uploads("b", "", "k1\xff", "", 10)); got != "u3,u4" {
			t.Errorf("uploads after the marker k1\\xff: %s", got)
		}
		if us, err := q.S3Uploads("b", "k\x00", "", "", 10); err != nil || len(us) != 1 || us[0].Key != "k\x00" {
			t.Errorf("uploads with prefix k\\x00: %+v %v", us, err)
		}
		if u, err := q.S3Upload("b", "k\x00", "u5"); err != nil || u.Key != "k\x00" {
			t.Errorf("upload u5: %+v %v", u, err)
		}
		if n, err := st.S3UploadCount(context.Background(), "b"); err != nil || n != 5 {
			t.Errorf("upload count %d %v", n, err)
		}
		u, err := q.S3Upload("b", "k2", "u3")
		if err != nil || !u.CreatedAt.Equal(now) {
			t.Errorf("upload u3: %+v %v", u, err)
		}
	})
}

// TestDDBConform checks DynamoDB tables and items: a taken name, items
// replaced by key, range queries both ways in byte order, scans resumed
// after a key, tags, statistics and a table deleted with its items.
func TestDDBConform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		tbl := &DDBTable{AccountID: "111122223333", Region: "us-east-1", Name: "T", TableID: "id", HashKey: "pk", HashType: "S",
			RangeKey: "sk", RangeType: "B", AttributeDefinitions: "[]", BillingMode: "PAY_PER_REQUEST", TableClass: "STANDARD", DeletionProtection: true, CreatedAt: now}
		tx(t, st, func(q *Q) error {
			return q.CreateDDBTable(tbl, []DDBTag{{Key: "b", Value: "2"}, {Key: "a", Value: "1"}})
		})
		other := &DDBTable{AccountID: "111122223333", Region: "us-east-1", Name: "U", TableID: "id2", HashKey: "pk", HashType: "S",
			AttributeDefinitions: "[]", BillingMode: "PAY_PER_REQUEST", TableClass: "STANDARD", CreatedAt: now}
		tx(t, st, func(q *Q) error { return q.CreateDDBTable(other, nil) })
		if tbl.ID == 0 || other.ID == tbl.ID {
			t.Fatalf("table ids %d, %d", tbl.ID, other.ID)
		}
		err := st.Tx(ctx, func(q *Q) error {
			return q.CreateDDBTable(&DDBTable{AccountID: "111122223333", Region: "us-east-1", Name: "T", TableID: "x", HashKey: "pk", HashType: "S", AttributeDefinitions: "[]", BillingMode: "x", CreatedAt: now}, nil)
		})
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("a taken table name: %v", err)
		}
		q := st.Read(ctx)
		got, err := q.DDBTable("111122223333", "us-east-1", "T")
		if err != nil || !got.DeletionProtection || got.ID != tbl.ID || !got.CreatedAt.Equal(now) {
			t.Errorf("table T: %+v %v", got, err)
		}
		if ts, err := q.DDBTables("111122223333", "us-east-1", "T", 10); err != nil || len(ts) != 1 || ts[0].Name != "U" {
			t.Errorf("tables after T: %+v %v", ts, err)
		}
		got.DeletionProtection = false
		got.ReadCapacity = 5
		tx(t, st, func(q *Q) error { return q.UpdateDDBTable(got) })
		if g, _ := st.Read(ctx).DDBTable("111122223333", "us-east-1", "T"); g.DeletionProtection || g.ReadCapacity != 5 {
			t.Errorf("updated table: %+v", g)
		}

		hk := []byte("h\x00")
		rks := [][]byte{{0x00}, {0x01, 0xff}, {0x7f}, {0x80}, {0xff, 0x00}, {0xff}}
		err = st.Batch(ctx, func(q *Q) error {
			for i, rk := range rks {
				if err := q.PutDDBItem(tbl.ID, DDBItem{HK: hk, RK: rk, Size: int64(i), Item: []byte(`{"n":` + string(rune('0'+i)) + `}`)}); err != nil {
					return err
				}
			}
			if err := q.PutDDBItem(tbl.ID, DDBItem{HK: []byte("g"), RK: []byte{}, Size: 9, Item: []byte(`{}`)}); err != nil {
				return err
			}
			return q.PutDDBItem(tbl.ID, DDBItem{HK: hk, RK: []byte{0x80}, Size: 30, Item: []byte(`{"n":"replaced"}`)})
		})
		if err != nil {
			t.Fatal(err)
		}
		it, err := st.Read(ctx).DDBItem(tbl.ID, hk, []byte{0x80})
		if err != nil || string(it.Item) != `{"n":"replaced"}` || it.Size != 30 || !bytes.Equal(it.HK, hk) {
			t.Errorf("replaced item: %+v %v", it, err)
		}
		if _, err := st.Read(ctx).DDBItem(tbl.ID, hk, []byte{0x81}); !errors.Is(err, ErrNotFound) {
			t.Errorf("missing item: %v", err)
		}
		rkList := func(items []DDBItem, err error) string {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, it := range items {
				s = append(s, string(hexOf(it.RK)))
			}
			return strings.Join(s, ",")
		}
		q = st.Read(ctx)
		if got := rkList(q.QueryDDBItems(tbl.ID, DDBRange{HK: hk, Limit: 100})); got != "00,01ff,7f,80,ff,ff00" {
			t.Errorf("query: %s", got)
		}
		if got := rkList(q.QueryDDBItems(tbl.ID, DDBRange{HK: hk, Lo: []byte{0x7f}, Hi: []byte{0xff}, HiOpen: true, Desc: true, Limit: 100})); got != "80,7f" {
			t.Errorf("query [7f, ff) descending: %s", got)
		}
		if got := rkList(q.QueryDDBItems(tbl.ID, DDBRange{HK: hk, After: []byte{0x7f}, Limit: 2})); got != "80,ff" {
			t.Errorf("query after 7f, 2: %s", got)
		}
		if got := rkList(q.ScanDDBItems(tbl.ID, nil, nil, 3)); got != ",00,01ff" {
			t.Errorf("scan: %s", got)
		}
		if got := rkList(q.ScanDDBItems(tbl.ID, hk, []byte{0x80}, 10)); got != "ff,ff00" {
			t.Errorf("scan after (h, 80): %s", got)
		}
		if n, size, err := q.DDBTableStats(tbl.ID); err != nil || n != 7 || size != 0+1+2+30+4+5+9 {
			t.Errorf("stats: %d items, %d bytes, %v", n, size, err)
		}
		var found bool
		tx(t, st, func(q *Q) error { var err error; found, err = q.DeleteDDBItem(tbl.ID, hk, []byte{0x00}); return err })
		if !found {
			t.Error("delete item: not found")
		}
		tx(t, st, func(q *Q) error { var err error; found, err = q.DeleteDDBItem(tbl.ID, hk, []byte{0x00}); return err })
		if found {
			t.Error("deleted item found again")
		}

		tx(t, st, func(q *Q) error {
			return q.PutDDBTags(tbl.ID, []DDBTag{{Key: "a", Value: "one"}, {Key: "c", Value: "3"}})
		})
		tx(t, st, func(q *Q) error { return q.DeleteDDBTags(tbl.ID, []string{"b", "none"}) })
		tags, err := st.Read(ctx).DDBTags(tbl.ID)
		if err != nil || len(tags) != 2 || tags[0] != (DDBTag{tbl.ID, "a", "one"}) || tags[1] != (DDBTag{tbl.ID, "c", "3"}) {
			t.Errorf("tags: %+v %v", tags, err)
		}
		tx(t, st, func(q *Q) error { return q.DeleteDDBTable(tbl.ID) })
		if _, err := st.Read(ctx).DDBTable("111122223333", "us-east-1", "T"); !errors.Is(err, ErrNotFound) {
			t.Errorf("deleted table: %v", err)
		}
		if n, _, err := st.Read(ctx).DDBTableStats(tbl.ID); err != nil || n != 0 {
			t.Errorf("items of a deleted table: %d %v", n, err)
		}
	})
}

func hexOf(b []byte) []byte {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return out
}

// TestEC2Conform checks EC2 instances and tags: launch order, the filters,
// an instance gone from listings, tags replaced and removed, and the purge.
func TestEC2Conform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		inst := func(id string) EC2Instance {
			return EC2Instance{ID: id, AccountID: "111122223333", Region: "us-east-1", ReservationID: "r-1", ImageID: "ami-1", InstanceType: "t3.micro",
				AvailabilityZone: "us-east-1a", SubnetID: "subnet-1", VpcID: "vpc-1", PrivateIP: "10.0.0.1", State: "pending", StateAt: now, LaunchTime: now}
		}
		is := []EC2Instance{inst("i-b"), inst("i-a"), inst("i-c")}
		next := now.Add(time.Second)
		is[0].NextState, is[0].NextAt = "running", &next
		tx(t, st, func(q *Q) error {
			return q.CreateEC2Instances(is, []EC2Tag{
				{ResourceID: "i-b", AccountID: "111122223333", Region: "us-east-1", ResourceType: "instance", Key: "Name", Value: "web"},
				{ResourceID: "i-a", AccountID: "111122223333", Region: "us-east-1", ResourceType: "instance", Key: "env", Value: "dev"},
			})
		})
		if is[0].Seq == 0 || is[1].Seq <= is[0].Seq || is[2].Seq <= is[1].Seq {
			t.Fatalf("sequence numbers %d %d %d", is[0].Seq, is[1].Seq, is[2].Seq)
		}
		ids := func(is []EC2Instance, err error) string {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			var s []string
			for _, i := range is {
				s = append(s, i.ID)
			}
			return strings.Join(s, ",")
		}
		q := st.Read(ctx)
		f := EC2InstanceFilter{AccountID: "111122223333", Region: "us-east-1", Now: now}
		if got := ids(q.EC2Instances(f)); got != "i-b,i-a,i-c" {
			t.Errorf("instances: %s", got)
		}
		g := f
		g.IDs, g.AfterSeq, g.Limit = []string{"i-c", "i-b", "i-a"}, is[0].Seq, 1
		if got := ids(q.EC2Instances(g)); got != "i-a" {
			t.Errorf("instances of IDs after i-b, 1: %s", got)
		}
		all, _ := q.EC2Instances(f)
		if all[0].NextAt == nil || !all[0].NextAt.Equal(next) || all[1].NextAt != nil || !all[0].LaunchTime.Equal(now) {
			t.Errorf("times read back: %+v", all[0])
		}
		gone := now.Add(time.Minute)
		all[2].State, all[2].GoneAt = "terminated", &gone
		tx(t, st, func(q *Q) error { return q.UpdateEC2Instance(&all[2]) })
		f.Now = gone
		if got := ids(st.Read(ctx).EC2Instances(f)); got != "i-b,i-a" {
			t.Errorf("instances once i-c is gone: %s", got)
		}
		tx(t, st, func(q *Q) error {
			return q.PutEC2Tags([]EC2Tag{{ResourceID: "i-b", AccountID: "111122223333", Region: "us-east-1", ResourceType: "instance", Key: "Name", Value: "api"},
				{ResourceID: "i-c", AccountID: "111122223333", Region: "us-east-1", ResourceType: "instance", Key: "x", Value: "y"}})
		})
		wrong := "nope"
		tx(t, st, func(q *Q) error { return q.DeleteEC2Tag("i-a", "env", &wrong) })
		tags, err := st.Read(ctx).EC2Tags("111122223333", "us-east-1", nil)
		if err != nil || len(tags) != 3 || tags[0].ResourceID != "i-a" || tags[1].Value != "api" || tags[2].ResourceID != "i-c" {
			t.Errorf("tags: %+v %v", tags, err)
		}
		tx(t, st, func(q *Q) error { return q.DeleteEC2Tag("i-a", "env", nil) })
		tx(t, st, func(q *Q) error { return q.PurgeEC2Instances("111122223333", "us-east-1", gone) })
		tags, err = st.Read(ctx).EC2Tags("111122223333", "us-east-1", []string{"i-a", "i-b", "i-c"})
		if err != nil || len(tags) != 1 || tags[0].ResourceID != "i-b" {
			t.Errorf("tags after the purge: %+v %v", tags, err)
		}
		f.Now = now
		if got := ids(st.Read(ctx).EC2Instances(f)); got != "i-b,i-a" {
			t.Errorf("instances after the purge: %s", got)
		}
		tx(t, st, func(q *Q) error { return q.DeleteEC2ResourceTags([]string{"i-b"}) })
		if tags, _ := st.Read(ctx).EC2Tags("111122223333", "us-east-1", nil); len(tags) != 0 {
			t.Errorf("tags left: %+v", tags)
		}
	})
}

// TestIAMAccountConform checks the account's password policy, password
// history, instance profiles (names unique ignoring case) and managed
// policies' tags (keys compared with case) on every dialect.
func TestIAMAccountConform(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		seed(t, st)
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Microsecond)
		tx(t, st, func(q *Q) error {
			return q.PutPasswordPolicy(&PasswordPolicy{AccountID: "111122223333", MinimumLength: 12, RequireSymbols: true, AllowUsersToChange: true, ReusePrevention: 3})
		})
		p, err := st.Read(ctx).PasswordPolicyOf("111122223333")
		if err != nil || p.MinimumLength != 12 || !p.RequireSymbols || p.RequireNumbers || !p.AllowUsersToChange || p.ReusePrevention != 3 {
			t.Errorf("password policy: %+v %v", p, err)
		}
		for i, h := range []string{"h1", "h2", "h3"} {
			tx(t, st, func(q *Q) error { return q.RememberPassword("AIDA1", h, now.Add(time.Duration(i)*time.Second)) })
		}
		if hs, err := st.Read(ctx).PreviousPasswords("AIDA1", 2); err != nil || strings.Join(hs, ",") != "h3,h2" {
			t.Errorf("previous passwords: %v %v", hs, err)
		}
		tx(t, st, func(q *Q) error {
			return q.CreateInstanceProfile(&InstanceProfile{ID: "AIPA1", AccountID: "111122223333", Name: "Web", Path: "/", CreatedAt: now})
		})
		err = st.Tx(ctx, func(q *Q) error {
			return q.CreateInstanceProfile(&InstanceProfile{ID: "AIPA2", AccountID: "111122223333", Name: "WEB", Path: "/", CreatedAt: now})
		})
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("an instance profile named WEB beside Web: %v", err)
		}
		if ip, err := st.Read(ctx).InstanceProfileByName("111122223333", "wEb"); err != nil || ip.ID != "AIPA1" {
			t.Errorf("instance profile by name: %+v %v", ip, err)
		}
		tx(t, st, func(q *Q) error { return q.AddRoleToInstanceProfile("AIPA1", "AROA1") })
		if rs, err := st.Read(ctx).InstanceProfileRoles("111122223333"); err != nil || len(rs["AIPA1"]) != 1 {
			t.Errorf("instance profile roles: %v %v", rs, err)
		}
		if ps, err := st.Read(ctx).InstanceProfilesForRole("AROA1"); err != nil || len(ps) != 1 || !ps[0].CreatedAt.Equal(now) {
			t.Errorf("profiles of the role: %+v %v", ps, err)
		}
		tx(t, st, func(q *Q) error {
			return q.CreatePolicy(&Policy{ID: "ANPA1", AccountID: "111122223333", Name: "P", Path: "/", ARN: "arn:aws:iam::111122223333:policy/P",
				DefaultVersionID: "v1", NextVersion: 2, CreatedAt: now, UpdatedAt: now}, &PolicyVersion{PolicyID: "ANPA1", VersionID: "v1", Document: "{}", CreatedAt: now})
		})
		tx(t, st, func(q *Q) error {
			return q.PutPolicyTags([]PolicyTag{{PolicyID: "ANPA1", Key: "team", Value: "a"}, {PolicyID: "ANPA1", Key: "Team", Value: "b"}})
		})
		tx(t, st, func(q *Q) error { return q.DeletePolicyTags("ANPA1", []string{"TEAM"}) })
		ts, err := st.Read(ctx).PolicyTags("ANPA1")
		if err != nil || len(ts) != 2 || ts[0].Key != "Team" || ts[1].Key != "team" {
			t.Errorf("policy tags: %+v %v", ts, err)
		}
	})
}
