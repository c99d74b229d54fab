package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// These tests pin down what every dialect must answer alike: names compared
// and ordered ignoring case, LIKE searches, upserts, the history prune,
// boolean columns and the mapping of constraint errors.

const acct = "111122223333"

// seedAccount creates the test account, whose root email has capitals.
func seedAccount(t *testing.T, st *Store) time.Time {
	t.Helper()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tx(t, st, func(q *Q) error {
		return q.CreateAccount(&Account{ID: acct, Name: "dev", RootEmail: "Root@Example.com", RootPasswordHash: "x", CreatedAt: now})
	})
	return now
}

// tx runs fn in a write transaction and fails the test on an error.
func tx(t *testing.T, st *Store, fn func(q *Q) error) {
	t.Helper()
	if err := st.Tx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func names[T any](rows []T, name func(T) string) string {
	var out []string
	for _, r := range rows {
		out = append(out, name(r))
	}
	return strings.Join(out, ",")
}

func userNames(us []User) string { return names(us, func(u User) string { return u.Name }) }
func roleNames(rs []Role) string { return names(rs, func(r Role) string { return r.Name }) }

func TestListUsers(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		// Created in this order; named so that a case-sensitive order differs.
		users := []struct{ name, path string }{
			{"carol", "/eng/ops/"}, {"daveyx", "/"}, {"Bob", "/eng/"}, {"alice", "/"}, {"dave_x", "/"},
		}
		tx(t, st, func(q *Q) error {
			for i, u := range users {
				err := q.CreateUser(&User{ID: fmt.Sprint("AIDA", i), AccountID: acct, Name: u.name, Path: u.path, CreatedAt: now.Add(time.Duration(i) * time.Second)})
				if err != nil {
					return err
				}
			}
			return nil
		})
		tests := []struct {
			name  string
			f     UserFilter
			want  string
			total int64
		}{
			{"by name, ignoring case", UserFilter{}, "alice,Bob,carol,dave_x,daveyx", 5},
			{"by name, reversed", UserFilter{Sort: "-name"}, "daveyx,dave_x,carol,Bob,alice", 5},
			{"by creation", UserFilter{Sort: "created"}, "carol,daveyx,Bob,alice,dave_x", 5},
			{"by creation, reversed", UserFilter{Sort: "-created"}, "dave_x,alice,Bob,daveyx,carol", 5},
			{"unknown sort", UserFilter{Sort: "-last-used"}, "alice,Bob,carol,dave_x,daveyx", 5},
			{"search ignores case", UserFilter{Search: "AL"}, "alice", 1},
			{"search takes _ literally", UserFilter{Search: "e_x"}, "dave_x", 1},
			{"search takes % literally", UserFilter{Search: "%"}, "", 0},
			{"path prefix", UserFilter{PathPrefix: "/eng/"}, "Bob,carol", 2},
			{"root path prefix", UserFilter{PathPrefix: "/"}, "alice,Bob,carol,dave_x,daveyx", 5},
			{"page", UserFilter{Offset: 1, Limit: 2}, "Bob,carol", 5},
		}
		for _, tc := range tests {
			tc.f.AccountID = acct
			us, total, err := st.Read(context.Background()).Users(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := userNames(us); got != tc.want || total != tc.total {
				t.Errorf("%s: %s (total %d), want %s (total %d)", tc.name, got, total, tc.want, tc.total)
			}
		}
		as, err := st.Read(context.Background()).AccountUsers(acct)
		if err != nil || userNames(as) != "alice,Bob,carol,dave_x,daveyx" {
			t.Errorf("account users: %s %v", userNames(as), err)
		}
	})
}

func TestListRoles(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
		roles := []Role{
			{Name: "used-late", LastUsedAt: at(2 * time.Hour)},
			{Name: "Never-used"},
			{Name: "used-early", LastUsedAt: at(time.Hour)},
		}
		tx(t, st, func(q *Q) error {
			for i := range roles {
				r := &roles[i]
				r.ID, r.AccountID, r.Path, r.TrustPolicy, r.MaxSessionDuration, r.CreatedAt = fmt.Sprint("AROA", i), acct, "/", "{}", 3600, now
				if err := q.CreateRole(r); err != nil {
					return err
				}
			}
			return nil
		})
		tests := []struct {
			f    RoleFilter
			want string
		}{
			{RoleFilter{}, "Never-used,used-early,used-late"},
			{RoleFilter{Sort: "last-used"}, "Never-used,used-early,used-late"},
			{RoleFilter{Sort: "-last-used"}, "used-late,used-early,Never-used"},
			{RoleFilter{Search: "USED-"}, "used-early,used-late"},
		}
		for _, tc := range tests {
			tc.f.AccountID = acct
			rs, err := st.Read(context.Background()).Roles(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := st.Read(context.Background()).CountRoles(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := roleNames(rs); got != tc.want || n != int64(len(rs)) {
				t.Errorf("%+v: %s (count %d), want %s", tc.f, got, n, tc.want)
			}
		}
		for name, list := range map[string]func(*Q, string) ([]Role, error){"all roles": (*Q).AllRoles, "account roles": (*Q).AccountRoles} {
			rs, err := list(st.Read(context.Background()), acct)
			if err != nil || roleNames(rs) != "Never-used,used-early,used-late" {
				t.Errorf("%s: %s %v", name, roleNames(rs), err)
			}
		}
	})
}

// TestNamesIgnoreCase looks entities up by names spelled in another case,
// and lists groups, memberships and policies by name ignoring case.
func TestNamesIgnoreCase(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			for i, n := range []string{"bob", "Alice"} {
				if err := q.CreateUser(&User{ID: fmt.Sprint("AIDA", i), AccountID: acct, Name: n, Path: "/", CreatedAt: now}); err != nil {
					return err
				}
			}
			for i, n := range []string{"ops", "Devs"} {
				if err := q.CreateGroup(&Group{ID: fmt.Sprint("AGPA", i), AccountID: acct, Name: n, Path: "/", CreatedAt: now}); err != nil {
					return err
				}
				for _, u := range []string{"AIDA0", "AIDA1"} {
					if err := q.AddGroupMember(fmt.Sprint("AGPA", i), u, now); err != nil {
						return err
					}
				}
			}
			for i, n := range []string{"readers", "Admins"} {
				p := &Policy{ID: fmt.Sprint("ANPA", i), AccountID: acct, Name: n, Path: "/", ARN: "arn:aws:iam::" + acct + ":policy/" + n,
					DefaultVersionID: "v1", CreatedAt: now, UpdatedAt: now}
				if err := q.CreatePolicy(p, &PolicyVersion{PolicyID: p.ID, VersionID: "v1", Document: "{}", CreatedAt: now}); err != nil {
					return err
				}
			}
			return q.CreateRole(&Role{ID: "AROA0", AccountID: acct, Name: "UpdateAPP", Path: "/", TrustPolicy: "{}", MaxSessionDuration: 3600, CreatedAt: now})
		})
		q := st.Read(context.Background())
		if u, err := q.UserByName(acct, "ALICE"); err != nil || u.ID != "AIDA1" {
			t.Errorf("user ALICE: %+v %v", u, err)
		}
		if r, err := q.RoleByName(acct, "updateapp"); err != nil || r.ID != "AROA0" {
			t.Errorf("role updateapp: %+v %v", r, err)
		}
		if g, err := q.GroupByName(acct, "devs"); err != nil || g.ID != "AGPA1" {
			t.Errorf("group devs: %+v %v", g, err)
		}
		if a, err := q.AccountByRootEmail("root@EXAMPLE.com"); err != nil || a.ID != acct {
			t.Errorf("root email: %+v %v", a, err)
		}
		for what, err := range map[string]error{
			"user":  second(q.UserByName(acct, "alic")),
			"role":  second(q.RoleByName(acct, "UpdateAPPs")),
			"group": second(q.GroupByName(acct, "dev")),
			"email": second(q.AccountByRootEmail("root@example.org")),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s of another name: %v, want ErrNotFound", what, err)
			}
		}
		groupNames := func(gs []Group) string { return names(gs, func(g Group) string { return g.Name }) }
		if gs, err := q.GroupsForUser("AIDA0"); err != nil || groupNames(gs) != "Devs,ops" {
			t.Errorf("groups for user: %s %v", groupNames(gs), err)
		}
		if gs, err := q.AccountGroups(acct); err != nil || groupNames(gs) != "Devs,ops" {
			t.Errorf("account groups: %s %v", groupNames(gs), err)
		}
		if gs, total, err := q.Groups(GroupFilter{AccountID: acct, Search: "OP"}); err != nil || groupNames(gs) != "ops" || total != 1 {
			t.Errorf("groups search: %s %d %v", groupNames(gs), total, err)
		}
		if us, err := q.GroupMembers("AGPA0"); err != nil || userNames(us) != "Alice,bob" {
			t.Errorf("group members: %s %v", userNames(us), err)
		}
		policyNames := func(ps []Policy) string { return names(ps, func(p Policy) string { return p.Name }) }
		if ps, err := q.Policies(acct); err != nil || policyNames(ps) != "Admins,readers" {
			t.Errorf("policies: %s %v", policyNames(ps), err)
		}
		if ps, err := q.AccountPolicies(acct); err != nil || policyNames(ps) != "Admins,readers" {
			t.Errorf("account policies: %s %v", policyNames(ps), err)
		}
	})
}

func second[T any](_ T, err error) error { return err }

// TestCaselessKeys checks tag keys and inline policy names: one entry per
// key whatever its case, the newest write's case kept for tags, lists in
// key order ignoring case, deletes that ignore case.
func TestCaselessKeys(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			if err := q.PutTags([]Tag{{"user", "AIDA0", "b", "1"}, {"user", "AIDA0", "A", "2"}, {"user", "AIDA0", "c", "3"}}); err != nil {
				return err
			}
			if err := q.PutTags([]Tag{{"user", "AIDA0", "B", "4"}, {"user", "AIDA9", "a", "5"}}); err != nil {
				return err
			}
			for _, p := range []InlinePolicy{{"role", "AROA0", "write", "{1}", now}, {"role", "AROA0", "Read", "{2}", now}, {"role", "AROA0", "READ", "{3}", now}} {
				if err := q.PutInlinePolicy(&p); err != nil {
					return err
				}
			}
			return nil
		})
		q := st.Read(context.Background())
		tagList := func(ts []Tag) string {
			return names(ts, func(t Tag) string { return t.EntityID + ":" + t.Key + "=" + t.Value })
		}
		if ts, err := q.Tags("user", "AIDA0"); err != nil || tagList(ts) != "AIDA0:A=2,AIDA0:B=4,AIDA0:c=3" {
			t.Errorf("tags: %s %v", tagList(ts), err)
		}
		if ts, err := q.AccountTags("user", []string{"AIDA0", "AIDA9"}); err != nil || tagList(ts) != "AIDA0:A=2,AIDA0:B=4,AIDA0:c=3,AIDA9:a=5" {
			t.Errorf("account tags: %s %v", tagList(ts), err)
		}
		policies := func(ps []InlinePolicy) string {
			return names(ps, func(p InlinePolicy) string { return p.Name + "=" + p.Document })
		}
		if ps, err := q.InlinePolicies("role", "AROA0"); err != nil || policies(ps) != "Read={3},write={1}" {
			t.Errorf("inline policies: %s %v", policies(ps), err)
		}
		if p, err := q.InlinePolicy("role", "AROA0", "rEaD"); err != nil || p.Name != "Read" || p.Document != "{3}" {
			t.Errorf("inline policy rEaD: %+v %v", p, err)
		}
		tx(t, st, func(q *Q) error {
			if err := q.DeleteEntityTags("user", "AIDA0", []string{"a", "C"}); err != nil {
				return err
			}
			if ok, err := q.DeleteInlinePolicy("role", "AROA0", "WRITE"); err != nil || !ok {
				return fmt.Errorf("delete inline policy WRITE: %v %v", ok, err)
			}
			return nil
		})
		if ts, err := q.AccountTags("user", []string{"AIDA0", "AIDA9"}); err != nil || tagList(ts) != "AIDA0:B=4,AIDA9:a=5" {
			t.Errorf("tags after delete: %s %v", tagList(ts), err)
		}
		if ps, err := q.InlinePolicies("role", "AROA0"); err != nil || policies(ps) != "Read={3}" {
			t.Errorf("inline policies after delete: %s %v", policies(ps), err)
		}
	})
}

// TestRoleHistoryKeepsMostRecent checks the prune of a user's Switch Role
// history: a new entry drops the oldest past keep, of that user only; a
// role switched to again moves up without dropping any.
func TestRoleHistoryKeepsMostRecent(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			for _, id := range []string{"AIDA0", "AIDA1"} {
				if err := q.CreateUser(&User{ID: id, AccountID: acct, Name: id, Path: "/", CreatedAt: now}); err != nil {
					return err
				}
			}
			for i := range 2 {
				if err := q.TouchRoleHistory(&RoleHistory{UserID: "AIDA1", Account: acct, RoleName: fmt.Sprint("other", i), UsedAt: now}, 3); err != nil {
					return err
				}
			}
			return nil
		})
		touch := func(role string, at time.Duration) {
			t.Helper()
			tx(t, st, func(q *Q) error {
				return q.TouchRoleHistory(&RoleHistory{UserID: "AIDA0", Account: acct, RoleName: role, Color: "f2b0a9", UsedAt: now.Add(at)}, 3)
			})
		}
		history := func(user string) string {
			t.Helper()
			hs, err := st.Read(context.Background()).RoleHistoryFor(user, 10)
			if err != nil {
				t.Fatal(err)
			}
			return names(hs, func(h RoleHistory) string { return h.RoleName })
		}
		for i := range 5 {
			touch(fmt.Sprint("r", i), time.Duration(i+1)*time.Minute)
		}
		if got := history("AIDA0"); got != "r4,r3,r2" {
			t.Errorf("history = %s, want r4,r3,r2", got)
		}
		touch("r2", time.Hour)
		if got := history("AIDA0"); got != "r2,r4,r3" {
			t.Errorf("history after a repeat = %s, want r2,r4,r3", got)
		}
		if got := history("AIDA1"); got != "other0,other1" && got != "other1,other0" {
			t.Errorf("another user's history = %s", got)
		}
	})
}

func TestEntitiesForPolicy(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		const arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
		tx(t, st, func(q *Q) error {
			for i, n := range []string{"bob", "Alice"} {
				if err := q.CreateUser(&User{ID: fmt.Sprint("AIDA", i), AccountID: acct, Name: n, Path: "/u/", CreatedAt: now}); err != nil {
					return err
				}
				if err := q.Attach(&Attachment{AccountID: acct, EntityType: "user", EntityID: fmt.Sprint("AIDA", i), PolicyARN: arn, CreatedAt: now}); err != nil {
					return err
				}
			}
			for i, n := range []string{"Zed", "admin"} {
				if err := q.CreateRole(&Role{ID: fmt.Sprint("AROA", i), AccountID: acct, Name: n, Path: "/", TrustPolicy: "{}", MaxSessionDuration: 3600, CreatedAt: now}); err != nil {
					return err
				}
				if err := q.Attach(&Attachment{AccountID: acct, EntityType: "role", EntityID: fmt.Sprint("AROA", i), PolicyARN: arn, CreatedAt: now}); err != nil {
					return err
				}
			}
			if err := q.CreateGroup(&Group{ID: "AGPA0", AccountID: acct, Name: "devs", Path: "/g/", CreatedAt: now}); err != nil {
				return err
			}
			return q.Attach(&Attachment{AccountID: acct, EntityType: "group", EntityID: "AGPA0", PolicyARN: arn, CreatedAt: now})
		})
		es, err := st.Read(context.Background()).EntitiesForPolicy(acct, arn)
		if err != nil {
			t.Fatal(err)
		}
		got := names(es, func(e PolicyEntity) string { return e.Type + ":" + e.Name + ":" + e.Path })
		if want := "group:devs:/g/,role:admin:/,role:Zed:/,user:Alice:/u/,user:bob:/u/"; got != want {
			t.Errorf("entities = %s, want %s", got, want)
		}
		counts, err := st.Read(context.Background()).AttachmentCounts(acct)
		if err != nil || counts[arn] != 5 {
			t.Errorf("attachment counts: %v %v", counts, err)
		}
	})
}

// TestBooleanColumns checks the queries that filter on a boolean column.
func TestBooleanColumns(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		uid := "AIDA0"
		tx(t, st, func(q *Q) error {
			if err := q.CreateAccount(&Account{ID: "123456789012", Name: "org", RootEmail: "org@example.com", RootPasswordHash: "x", Management: true, CreatedAt: now}); err != nil {
				return err
			}
			if err := q.CreateUser(&User{ID: uid, AccountID: acct, Name: "u", Path: "/", CreatedAt: now}); err != nil {
				return err
			}
			for _, d := range []MFADevice{
				{Serial: "arn:aws:iam::" + acct + ":mfa/root", AccountID: acct, Name: "root", Path: "/", Root: true, EnabledAt: &now},
				{Serial: "arn:aws:iam::" + acct + ":mfa/u", AccountID: acct, Name: "u", Path: "/", UserID: &uid, EnabledAt: &now},
				{Serial: "arn:aws:iam::" + acct + ":mfa/spare", AccountID: acct, Name: "spare", Path: "/"},
			} {
				d.SeedSealed, d.CreatedAt = []byte{1}, now
				if err := q.CreateMFADevice(&d); err != nil {
					return err
				}
			}
			return q.InsertEvents([]Event{
				{EventID: "read", AccountID: acct, EventTime: now, EventName: "GetUser", EventSource: "iam.amazonaws.com", ReadOnly: true, Record: "{}"},
				{EventID: "write", AccountID: acct, EventTime: now, EventName: "CreateUser", EventSource: "iam.amazonaws.com", Record: "{}"},
			})
		})
		q := st.Read(context.Background())
		if a, err := q.ManagementAccount(); err != nil || a.ID != "123456789012" {
			t.Errorf("management account: %+v %v", a, err)
		}
		if as, err := q.Accounts(); err != nil || len(as) != 2 || as[0].ID != "123456789012" {
			t.Errorf("accounts: %+v %v", as, err)
		}
		if ds, err := q.EnabledMFAForRoot(acct); err != nil || len(ds) != 1 || ds[0].Name != "root" {
			t.Errorf("root mfa: %+v %v", ds, err)
		}
		if ds, err := q.EnabledMFAForUser(uid); err != nil || len(ds) != 1 || ds[0].Name != "u" {
			t.Errorf("user mfa: %+v %v", ds, err)
		}
		for _, tc := range []struct {
			f    EventFilter
			want string
		}{
			{EventFilter{}, "write"},
			{EventFilter{IncludeReads: true}, "write,read"},
			{EventFilter{Attribute: "ReadOnly", Value: "true"}, "read"},
			{EventFilter{Attribute: "ReadOnly", Value: "false"}, "write"},
		} {
			tc.f.AccountID = acct
			es, err := q.Events(tc.f)
			if got := names(es, func(e Event) string { return e.EventID }); err != nil || got != tc.want {
				t.Errorf("events %+v: %s %v, want %s", tc.f, got, err, tc.want)
			}
		}
	})
}

// TestUpserts checks the writes that insert or update one row.
func TestUpserts(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			if err := q.CreateGroup(&Group{ID: "AGPA0", AccountID: acct, Name: "devs", Path: "/", CreatedAt: now}); err != nil {
				return err
			}
			for _, v := range []string{"one", "two"} {
				if err := q.SetSetting("k", v); err != nil {
					return err
				}
				if err := q.PutFavoriteRole(&FavoriteRole{GroupID: "AGPA0", Account: acct, RoleName: "r", DisplayName: v, Color: v, CreatedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		q := st.Read(context.Background())
		if v, ok, err := q.Setting("k"); err != nil || !ok || v != "two" {
			t.Errorf("setting: %q %v %v", v, ok, err)
		}
		if _, ok, err := q.Setting("unset"); err != nil || ok {
			t.Errorf("unset setting: %v %v", ok, err)
		}
		if fs, err := q.FavoriteRolesForGroups([]string{"AGPA0"}); err != nil || len(fs) != 1 || fs[0].DisplayName != "two" {
			t.Errorf("favorite roles: %+v %v", fs, err)
		}
	})
}

// TestPolicyVersionOrder checks that versions list newest first, v10
// before v9 when created in the same instant.
func TestPolicyVersionOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		tx(t, st, func(q *Q) error {
			p := &Policy{ID: "ANPA0", AccountID: acct, Name: "p", Path: "/", ARN: "arn:aws:iam::" + acct + ":policy/p", DefaultVersionID: "v1", CreatedAt: now, UpdatedAt: now}
			if err := q.CreatePolicy(p, &PolicyVersion{PolicyID: p.ID, VersionID: "v1", Document: "{}", CreatedAt: now}); err != nil {
				return err
			}
			for i := 2; i <= 10; i++ {
				if err := q.CreatePolicyVersion(&PolicyVersion{PolicyID: p.ID, VersionID: fmt.Sprint("v", i), Document: "{}", CreatedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		vs, err := st.Read(context.Background()).PolicyVersions("ANPA0")
		got := names(vs, func(v PolicyVersion) string { return v.VersionID })
		if err != nil || got != "v10,v9,v8,v7,v6,v5,v4,v3,v2,v1" {
			t.Errorf("versions = %s %v", got, err)
		}
	})
}

// TestConstraintErrors checks that a broken unique key is ErrDuplicate and
// a broken reference ErrConflict, through gorm, through the hand-prepared
// statements of AppendEvents and of the group commit.
func TestConstraintErrors(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, st *Store) {
		now := seedAccount(t, st)
		ctx := context.Background()
		tests := []struct {
			name string
			err  error
			want error
		}{
			{"primary key", st.Tx(ctx, func(q *Q) error {
				return q.CreateAccount(&Account{ID: acct, Name: "again", RootEmail: "b@example.com", RootPasswordHash: "x", CreatedAt: now})
			}), ErrDuplicate},
			{"unique column", st.Tx(ctx, func(q *Q) error {
				return q.CreateAccount(&Account{ID: "444455556666", Name: "b", RootEmail: "ROOT@example.com", RootPasswordHash: "x", CreatedAt: now})
			}), ErrDuplicate},
			{"composite key", st.Tx(ctx, func(q *Q) error {
				a := &Attachment{AccountID: acct, EntityType: "user", EntityID: "AIDA0", PolicyARN: "arn:aws:iam::aws:policy/x", CreatedAt: now}
				if err := q.Attach(a); err != nil {
					return err
				}
				return q.Attach(a)
			}), ErrDuplicate},
			{"reference", st.Tx(ctx, func(q *Q) error {
				return q.CreateUser(&User{ID: "AIDA0", AccountID: "999999999999", Name: "u", Path: "/", CreatedAt: now})
			}), ErrConflict},
			{"append events", func() error {
				e := []Event{{EventID: "dup", AccountID: acct, EventTime: now, EventName: "X", EventSource: "iam.amazonaws.com", Record: "{}"}}
				if err := st.AppendEvents(ctx, e, nil); err != nil {
					return err
				}
				return st.AppendEvents(ctx, e, nil)
			}(), ErrDuplicate},
			{"group commit", st.Batch(ctx, func(q *Q) error {
				return q.InsertEvents([]Event{{EventID: "dup", AccountID: acct, EventTime: now, EventName: "X", EventSource: "iam.amazonaws.com", Record: "{}"}})
			}), ErrDuplicate},
			{"group commit reference", func() error {
				sess := &ConsoleSession{IDHash: "h1", State: "active", AccountID: acct, Root: true, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Hour)}
				if err := st.Tx(ctx, func(q *Q) error { return q.CreateConsoleSession(sess) }); err != nil {
					return err
				}
				// The role session was never written.
				return st.Batch(ctx, func(q *Q) error { return q.RotateConsoleSession(sess, "h2", &RoleSession{ID: "ASIA0"}, now) })
			}(), ErrConflict},
		}
		for _, tc := range tests {
			if !errors.Is(tc.err, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, tc.err, tc.want)
			}
		}
	})
}
