package store

import (
	"bytes"
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"iamconsole/store/storetest"
)

// fillEveryTable writes at least one row in every table an export holds,
// with the values that a copy could lose: NULLs and set pointers, bytes,
// booleans both ways, times to the microsecond (PostgreSQL's precision),
// names in mixed case, text with quotes and newlines.
func fillEveryTable(t *testing.T, st *Store) {
	t.Helper()
	at := time.Date(2026, 2, 3, 4, 5, 6, 789012000, time.UTC)
	later := at.Add(90 * time.Minute)
	alias, uid, rsID, region, service, boundary := "dev-Alias", "AIDA1", "ASIA1", "eu-west-1", "iam", "arn:aws:iam::aws:policy/PowerUserAccess"
	tx(t, st, func(q *Q) error {
		for _, err := range []error{
			q.CreateAccount(&Account{ID: "111122223333", Alias: &alias, Name: "dev", RootEmail: "Root@Example.com", RootPasswordHash: "$2a$x", Management: true, CreatedAt: at}),
			q.CreateAccount(&Account{ID: "444455556666", Name: "prod", RootEmail: "p@example.com", RootPasswordHash: "$2a$y", CreatedAt: later}),
			q.CreateUser(&User{ID: uid, AccountID: "111122223333", Name: "Alice", Path: "/eng/", PasswordHash: &alias, PasswordResetRequired: true,
				PasswordCreatedAt: &at, PasswordLastUsed: &later, BoundaryARN: &boundary, CreatedAt: at}),
			q.CreateUser(&User{ID: "AIDA2", AccountID: "111122223333", Name: "bob", Path: "/", CreatedAt: later}),
			q.CreateGroup(&Group{ID: "AGPA1", AccountID: "111122223333", Name: "Devs", Path: "/", CreatedAt: at}),
			q.AddGroupMember("AGPA1", uid, at),
			q.CreateRole(&Role{ID: "AROA1", AccountID: "111122223333", Name: "UpdateAPP", Path: "/", Description: `it's "quoted"` + "\nand more",
				TrustPolicy: `{"Version":"2012-10-17"}`, MaxSessionDuration: 43200, BoundaryARN: &boundary, LastUsedAt: &later, LastUsedRegion: &region, CreatedAt: at}),
			q.CreatePolicy(&Policy{ID: "ANPA1", AccountID: "111122223333", Name: "Readers", Path: "/", ARN: "arn:aws:iam::111122223333:policy/Readers",
				Description: "d", DefaultVersionID: "v2", NextVersion: 3, CreatedAt: at, UpdatedAt: later},
				&PolicyVersion{PolicyID: "ANPA1", VersionID: "v1", Document: "{}", CreatedAt: at}),
			q.CreatePolicyVersion(&PolicyVersion{PolicyID: "ANPA1", VersionID: "v2", Document: `{"a":1}`, CreatedAt: later}),
			q.Attach(&Attachment{AccountID: "111122223333", EntityType: "role", EntityID: "AROA1", PolicyARN: "arn:aws:iam::111122223333:policy/Readers", CreatedAt: at}),
			q.PutInlinePolicy(&InlinePolicy{EntityType: "user", EntityID: uid, Name: "Inline", Document: "{}", CreatedAt: at}),
			q.PutTags([]Tag{{"role", "AROA1", "Team", "ops"}, {"user", uid, "k", ""}}),
			q.CreateAccessKey(&AccessKey{ID: "AKIA1", AccountID: "111122223333", UserID: uid, SecretSealed: []byte{0, 1, 2, 255, '\n'}, Status: "Inactive",
				CreatedAt: at, LastUsedAt: &later, LastUsedService: &service, LastUsedRegion: &region}),
			q.CreateMFADevice(&MFADevice{Serial: "arn:aws:iam::111122223333:mfa/alice", AccountID: "111122223333", Name: "alice", Path: "/", UserID: &uid,
				SeedSealed: []byte("seed"), EnabledAt: &at, LastUsedStep: 59200000, CreatedAt: at}),
			q.CreateMFADevice(&MFADevice{Serial: "arn:aws:iam::111122223333:mfa/root", AccountID: "111122223333", Name: "root", Path: "/", Root: true,
				SeedSealed: []byte("r"), CreatedAt: at}),
			q.CreateRoleSession(&RoleSession{ID: rsID, RoleID: "AROA1", AccountID: "111122223333", RoleName: "UpdateAPP", RolePath: "/", SessionName: "Alice",
				SourceARN: "arn:aws:iam::111122223333:user/eng/Alice", SourceID: uid, SourceAccountID: "111122223333", DisplayName: "Prod", Color: "f2b0a9",
				MFAAuthenticated: true, MFAAuthTime: &at, SourceIdentity: "alice", SessionPolicy: "{}", SessionPolicyARNs: "a,b", Tags: "t=v",
				TransitiveTagKeys: "t", ChainedFrom: "x", IssuedAt: at, ExpiresAt: later}),
			q.CreateConsoleSession(&ConsoleSession{IDHash: "hash1", State: "active", AccountID: "111122223333", UserID: &uid, MFAAuthenticated: true,
				MFAAuthTime: &at, SourceIP: "192.0.2.1", UserAgent: "Mozilla/5.0", RoleSessionID: &rsID, CreatedAt: at, LastSeenAt: later, ExpiresAt: later}),
			q.CreateConsoleSession(&ConsoleSession{IDHash: "hash2", State: "mfa", AccountID: "111122223333", Root: true, CreatedAt: at, LastSeenAt: at, ExpiresAt: later}),
			q.TouchRoleHistory(&RoleHistory{UserID: uid, Account: "444455556666", RoleName: "UpdateAPP", DisplayName: "P", Color: "83d4e8", UsedAt: later}, 50),
			q.PutFavoriteRole(&FavoriteRole{GroupID: "AGPA1", Account: "production", RoleName: "UpdateAPP", DisplayName: "P", CreatedAt: at}),
			q.InsertEvents([]Event{
				{EventID: "e1", AccountID: "111122223333", EventTime: at, EventName: "CreateUser", EventSource: "iam.amazonaws.com", Username: "admin",
					AccessKeyID: "AKIA1", ResourceType: "AWS::IAM::User", ResourceName: "arn", ErrorCode: "", SharedEventID: "s", Record: `{"x":"ü\n"}`},
				{EventID: "e2", AccountID: "111122223333", EventTime: later, EventName: "ListRoles", EventSource: "iam.amazonaws.com", ReadOnly: true, Record: "{}"},
			}),
			q.SetSetting("demo", "yes"),
			q.AddSignInFailures([]string{"user:111122223333/alice"}, at, at.Add(-time.Minute)),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	fillResourceTables(t, st, at)
	tx(t, st, func(q *Q) error {
		for _, err := range []error{
			q.PutPolicyTags([]PolicyTag{{PolicyID: "ANPA1", Key: "Team", Value: "ops"}, {PolicyID: "ANPA1", Key: "team", Value: "dev"}}),
			q.PutPasswordPolicy(&PasswordPolicy{AccountID: "111122223333", MinimumLength: 14, RequireSymbols: true, MaxPasswordAge: 90, ReusePrevention: 24, HardExpiry: true}),
			q.RememberPassword(uid, "$2a$old", at),
			q.CreateInstanceProfile(&InstanceProfile{ID: "AIPA1", AccountID: "111122223333", Name: "Web", Path: "/", CreatedAt: at}),
			q.AddRoleToInstanceProfile("AIPA1", "AROA1"),
			q.CreateLabClass(&LabClass{ID: "cls-1", LabID: "switch-role", Name: "Monday", CodeHash: "h1", CodeSealed: []byte{1, 0, 2}, CreatedBy: "arn", CreatedAt: at}),
			q.CreateLabLearners([]LabLearner{{ID: "lrn-1", ClassID: "cls-1", Name: "Ada", Email: "ada@example.com", CodeHash: "h2", CodeSealed: []byte{3}, CreatedAt: at}}),
			q.CreateLabSandbox(&LabSandbox{ID: "sbx-1", LabID: "switch-role", LabDigest: "d", LearnerID: ptrTo("lrn-1"), Accounts: `{"dev":"444455556666"}`,
				Secrets: []byte{4, 5}, StartSeq: 2, CreatedAt: at, ResetAt: later}, []string{"444455556666"}),
			q.PutLabProgress(&LabProgress{SandboxID: "sbx-1", TaskID: "t1", Hints: 1, Answer: "x", DoneAt: &later}),
		} {
			if err != nil {
				return err
			}
		}
		return nil
	})
	tx(t, st, func(q *Q) error {
		return q.InsertEvents([]Event{{EventID: "s3-1", AccountID: "111122223333", EventTime: later, EventName: "PutObject", EventSource: "s3.amazonaws.com",
			ResourceType: "AWS::S3::Object", ResourceName: "arn:aws:s3:::bucket-1/sm\x00äll\x01", Record: `{"key":"sm\\u0000äll\\u0001"}`}})
	})
}

// fillResourceTables gives every table of the resource services rows: an
// S3 bucket with a small object, a chunked one over a released body, a
// multipart upload with a part; a DynamoDB table with an item and a tag;
// an EC2 instance with a tag.
func fillResourceTables(t *testing.T, st *Store, at time.Time) {
	t.Helper()
	policy := `{"Version":"2012-10-17"}`
	tx(t, st, func(q *Q) error {
		if err := q.CreateS3Bucket(&S3Bucket{Name: "bucket-1", AccountID: "111122223333", Region: "eu-west-1", CreatedAt: at, Policy: &policy}); err != nil {
			return err
		}
		small, err := q.NewS3BlobOf([]byte("small\x00\xff"), at)
		if err != nil {
			return err
		}
		old, err := q.NewS3BlobOf([]byte("old"), at)
		if err != nil {
			return err
		}
		chunked, err := q.NewS3Blob(at)
		if err != nil {
			return err
		}
		if err := q.AppendS3Chunk(chunked, 0, 0, bytes.Repeat([]byte{7}, S3InlineSize+1)); err != nil {
			return err
		}
		for _, o := range []S3Object{
			{Bucket: "bucket-1", Key: "sm\x00äll\x01", BlobID: small, Size: 7, ETag: "e1", LastModified: at, Metadata: `{"a":"b"}`, StorageClass: "STANDARD"},
			{Bucket: "bucket-1", Key: "big", BlobID: old, Size: 3, ETag: "e0", LastModified: at, StorageClass: "STANDARD"},
			{Bucket: "bucket-1", Key: "big", BlobID: chunked, Size: S3InlineSize + 1, ETag: "e2", LastModified: at.Add(time.Second), StorageClass: "STANDARD"},
		} {
			if err := q.PutS3Object(&o); err != nil {
				return err
			}
		}
		if err := q.CreateS3Upload(&S3Upload{UploadID: "up1", Bucket: "bucket-1", Key: "m\x00p", Initiator: "arn", CreatedAt: at, StorageClass: "STANDARD"}); err != nil {
			return err
		}
		part, err := q.NewS3BlobOf([]byte("part"), at)
		if err != nil {
			return err
		}
		if err := q.PutS3Part(&S3Part{UploadID: "up1", PartNumber: 1, BlobID: part, Size: 4, ETag: "p1", LastModified: at}); err != nil {
			return err
		}
		tbl := &DDBTable{AccountID: "111122223333", Region: "eu-west-1", Name: "Tbl", TableID: "tid", HashKey: "pk", HashType: "S",
			AttributeDefinitions: "[]", BillingMode: "PROVISIONED", ReadCapacity: 5, WriteCapacity: 5, TableClass: "STANDARD", DeletionProtection: true, CreatedAt: at}
		if err := q.CreateDDBTable(tbl, []DDBTag{{Key: "k", Value: "v"}}); err != nil {
			return err
		}
		if err := q.PutDDBItem(tbl.ID, DDBItem{HK: []byte{0, 1, 0xff}, RK: []byte{}, Size: 12, Item: []byte(`{"pk":{"S":"x"}}`)}); err != nil {
			return err
		}
		gone := at.Add(time.Hour)
		return q.CreateEC2Instances([]EC2Instance{{ID: "i-0123", AccountID: "111122223333", Region: "eu-west-1", ReservationID: "r-1", ImageID: "ami-1",
			InstanceType: "t3.micro", AvailabilityZone: "eu-west-1a", SubnetID: "subnet-1", VpcID: "vpc-1", PrivateIP: "10.0.0.1", State: "terminated",
			StateAt: at, LaunchTime: at, GoneAt: &gone}},
			[]EC2Tag{{ResourceID: "i-0123", AccountID: "111122223333", Region: "eu-west-1", ResourceType: "instance", Key: "Name", Value: "web"}})
	})
}

func ptrTo[T any](v T) *T { return &v }

// schemaTables lists the tables of st's database.
func schemaTables(t *testing.T, st *Store) []string {
	t.Helper()
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if st.d.name() == "postgres" {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	var names []string
	if err := st.r.Raw(query).Scan(&names).Error; err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// exportRows is an export without its header: what two databases holding
// the same data export alike.
func exportRows(t *testing.T, st *Store) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := st.Export(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	_, rows, _ := strings.Cut(b.String(), "\n")
	return rows
}

// TestExportCoversEveryTable checks that an export holds every table of the
// schema but those it leaves out on purpose, and a row of each once every
// table has one.
func TestExportCoversEveryTable(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		exported := map[string]bool{}
		for _, et := range exportTables {
			exported[et.name] = true
		}
		for _, name := range schemaTables(t, st) {
			if !exported[name] && !notExported[name] {
				t.Errorf("table %s is not exported", name)
			}
		}
		fillEveryTable(t, st)
		var b bytes.Buffer
		counts, err := st.Export(context.Background(), &b)
		if err != nil {
			t.Fatal(err)
		}
		for _, et := range exportTables {
			if counts[et.name] == 0 {
				t.Errorf("table %s: no row exported", et.name)
			}
		}
	})
}

// TestExportImport moves a store whose every table holds rows into a new
// database of each dialect, SQLite to PostgreSQL among them: the
// destination exports the very same rows, its event sequence goes on past
// the imported one, and its unique keys still ignore case.
func TestExportImport(t *testing.T) {
	t.Parallel()
	src := openTemp(t)
	fillEveryTable(t, src)
	var dump bytes.Buffer
	if _, err := src.Export(context.Background(), &dump); err != nil {
		t.Fatal(err)
	}
	want := exportRows(t, src)
	forEachDialect(t, func(t *testing.T, dst *Store) {
		ctx := context.Background()
		counts, err := dst.Import(ctx, bytes.NewReader(dump.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if counts["events"] != 3 || counts["accounts"] != 2 {
			t.Errorf("counts = %v", counts)
		}
		if got := exportRows(t, dst); got != want {
			t.Errorf("the destination exports other rows:\n got %s\nwant %s", got, want)
		}
		tx(t, dst, func(q *Q) error {
			return q.InsertEvents([]Event{{EventID: "e3", AccountID: "111122223333", EventTime: time.Now(), EventName: "X", EventSource: "x", Record: "{}"}})
		})
		es, err := dst.Read(ctx).Events(EventFilter{AccountID: "111122223333", IncludeReads: true})
		if err != nil || len(es) != 4 || es[0].EventID != "e3" || es[0].Seq <= es[1].Seq {
			t.Errorf("events after import: %+v %v", es, err)
		}
		err = dst.Tx(ctx, func(q *Q) error {
			return q.CreateUser(&User{ID: "AIDA9", AccountID: "111122223333", Name: "ALICE", Path: "/", CreatedAt: time.Now()})
		})
		if !errors.Is(err, ErrDuplicate) {
			t.Errorf("a user named ALICE beside the imported Alice: %v", err)
		}
		// A second import finds the database full and changes nothing.
		if _, err := dst.Import(ctx, bytes.NewReader(dump.Bytes())); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("a second import: %v, want ErrNotEmpty", err)
		}
	})
}

// TestImportRefusesBadInput checks that an import of something that is not
// a whole export of this schema writes nothing.
func TestImportRefusesBadInput(t *testing.T) {
	t.Parallel()
	src := openTemp(t)
	fillEveryTable(t, src)
	var dump bytes.Buffer
	if _, err := src.Export(context.Background(), &dump); err != nil {
		t.Fatal(err)
	}
	whole := dump.String()
	lines := strings.SplitAfter(whole, "\n")
	tests := []struct {
		name, input, want string
	}{
		{"not an export", "hello\n", "not an iamconsole export"},
		{"empty", "", "not an iamconsole export"},
		{"cut off", strings.Join(lines[:len(lines)/2], ""), "cut off"},
		{"no trailer", strings.Join(lines[:len(lines)-2], ""), "cut off"},
		{"other schema", strings.Replace(whole, `"schema":`, `"schema":9`, 1), "schema version 9"},
		{"row lost", strings.Replace(whole, lines[len(lines)-3], "", 1), "the export counts"},
		{"unknown table", strings.Replace(whole, `{"table":"users"`, `{"table":"usersx"`, 1), `table "usersx"`},
		{"bad row", strings.Replace(whole, `"MaxSessionDuration":43200`, `"MaxSessionDuration":"long"`, 1), "a row of roles"},
	}
	forEachDialect(t, func(t *testing.T, dst *Store) {
		for _, tc := range tests {
			_, err := dst.Import(context.Background(), strings.NewReader(tc.input))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
		}
		for _, name := range []string{"accounts", "users", "events", "settings"} {
			var n int64
			dst.r.Table(name).Count(&n)
			if n != 0 {
				t.Errorf("table %s has %d rows after refused imports", name, n)
			}
		}
	})
}

// TestExportToPostgresIsTheSQLiteCopy is the copy an operator makes:
// SQLite exported, PostgreSQL imported, both read alike through the store.
func TestExportToPostgresIsTheSQLiteCopy(t *testing.T) {
	t.Parallel()
	src := openTemp(t)
	fillEveryTable(t, src)
	dst := openTarget(t, storetest.Postgres(t))
	var dump bytes.Buffer
	if _, err := src.Export(context.Background(), &dump); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.Import(context.Background(), &dump); err != nil {
		t.Fatal(err)
	}
	for _, st := range []*Store{src, dst} {
		q := st.Read(context.Background())
		u, err := q.UserByName("111122223333", "alice")
		if err != nil || u.PasswordHash == nil || !u.PasswordResetRequired || u.BoundaryARN == nil {
			t.Errorf("%s: user %+v %v", st.d.name(), u, err)
		}
		k, err := q.AccessKey("AKIA1")
		if err != nil || !bytes.Equal(k.SecretSealed, []byte{0, 1, 2, 255, '\n'}) || k.Status != "Inactive" {
			t.Errorf("%s: key %+v %v", st.d.name(), k, err)
		}
	}
}

// FuzzImport checks that any input is imported whole or refused, never
// half-written and never a panic.
func FuzzImport(f *testing.F) {
	src := openTemp(f)
	fillEveryTable(&testing.T{}, src)
	var dump bytes.Buffer
	if _, err := src.Export(context.Background(), &dump); err != nil {
		f.Fatal(err)
	}
	f.Add(dump.String())
	f.Add(`{"format":"iamconsole-export","schema":2}` + "\n" + `{"counts":{}}` + "\n")
	f.Add("{}\n")
	dst := openTemp(f)
	f.Fuzz(func(t *testing.T, input string) {
		var before, n int64
		dst.r.Table("accounts").Count(&before)
		counts, err := dst.Import(context.Background(), strings.NewReader(input))
		dst.r.Table("accounts").Count(&n)
		if err != nil && n != before {
			t.Fatalf("refused (%v) but wrote %d accounts", err, n-before)
		}
		if err == nil && counts["accounts"] != n-before {
			t.Fatalf("imported %v, %d accounts stored", counts, n)
		}
	})
}
