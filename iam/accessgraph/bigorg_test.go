package accessgraph_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/store"
)

// bigOrg is an organization of the size the performance targets name: 10
// accounts of 1,000 users and 1,000 roles each. Each account has 100 team
// groups (whose inline policy lets members assume their team's roles in
// any account) and an admins group of two users with AdministratorAccess;
// one user in twenty has a permissions boundary that allows only S3, one
// in ten an inline policy of its own. Each role belongs to a team: half
// trust their own account, three in ten the next account, one in ten a
// user of their own account with MFA, one in twenty a role of the next
// account, and the rest lambda.amazonaws.com; one in ten may assume its
// team's roles (chains). One more role, hub, trusts every account, and
// every team's policy names it: every team member reaches it.
type bigOrg struct {
	k        *iam.Service
	identity *identity.Service
	st       *store.Store
	dir      string
	accounts []string
}

const (
	bigAccounts = 10
	bigUsers    = 1000
	bigRoles    = 1000
	bigTeams    = 100
)

// hubARN is the role every team member may assume.
var hubARN = "arn:aws:iam::" + bigAccount(0) + ":role/hub"

var (
	bigOnce sync.Once
	big     *bigOrg
	bigErr  error
)

// theBigOrg builds the organization once per test binary.
func theBigOrg(tb testing.TB) *bigOrg {
	tb.Helper()
	bigOnce.Do(func() { big, bigErr = buildBigOrg() })
	if bigErr != nil {
		tb.Fatal(bigErr)
	}
	return big
}

func bigAccount(i int) string { return fmt.Sprintf("%012d", 100000000000+i) }

func buildBigOrg() (*bigOrg, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "accessgraph-bench-")
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "big.db"))
	if err != nil {
		return nil, err
	}
	k := iam.New(iam.Options{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	o := &bigOrg{k: k, identity: identity.New(k), st: st, dir: dir}
	now := time.Now().UTC()
	const s3Only = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	err = st.Tx(ctx, func(q *store.Q) error {
		roleIDs := make([][]string, bigAccounts)
		for a := range bigAccounts {
			roleIDs[a] = make([]string, bigRoles)
			for r := range bigRoles {
				roleIDs[a][r] = iam.NewUniqueID(iam.PrefixRole)
			}
		}
		for a := range bigAccounts {
			acct := bigAccount(a)
			o.accounts = append(o.accounts, acct)
			if err := q.CreateAccount(&store.Account{ID: acct, Name: "Account " + acct, RootEmail: acct + "@example.com", Management: a == 0, CreatedAt: now}); err != nil {
				return err
			}
			pid := iam.NewUniqueID(iam.PrefixPolicy)
			s3ARN := "arn:aws:iam::" + acct + ":policy/S3Only"
			if err := q.CreatePolicy(&store.Policy{ID: pid, AccountID: acct, Name: "S3Only", Path: "/", ARN: s3ARN, DefaultVersionID: "v1", NextVersion: 2, CreatedAt: now, UpdatedAt: now},
				&store.PolicyVersion{PolicyID: pid, VersionID: "v1", Document: s3Only, CreatedAt: now}); err != nil {
				return err
			}
			groups := make([]string, bigTeams)
			for g := range bigTeams {
				groups[g] = iam.NewUniqueID(iam.PrefixGroup)
				if err := q.CreateGroup(&store.Group{ID: groups[g], AccountID: acct, Name: fmt.Sprintf("team-%02d", g), Path: "/", CreatedAt: now}); err != nil {
					return err
				}
				if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "group", EntityID: groups[g], Name: "assume-team", CreatedAt: now,
					Document: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":["arn:aws:iam::*:role/team-%02d-*","%s"]}]}`, g, hubARN)}); err != nil {
					return err
				}
			}
			admins := iam.NewUniqueID(iam.PrefixGroup)
			if err := q.CreateGroup(&store.Group{ID: admins, AccountID: acct, Name: "admins", Path: "/", CreatedAt: now}); err != nil {
				return err
			}
			if err := q.Attach(&store.Attachment{AccountID: acct, EntityType: "group", EntityID: admins, PolicyARN: iam.AdministratorAccessARN, CreatedAt: now}); err != nil {
				return err
			}
			userIDs := make([]string, bigUsers)
			for u := range bigUsers {
				us := &store.User{ID: iam.NewUniqueID(iam.PrefixUser), AccountID: acct, Name: fmt.Sprintf("user-%04d", u), Path: "/", CreatedAt: now}
				userIDs[u] = us.ID
				if u%20 == 7 {
					us.BoundaryARN = &s3ARN
				}
				if err := q.CreateUser(us); err != nil {
					return err
				}
				g := groups[u%bigTeams]
				if u < 2 {
					g = admins
				}
				if err := q.AddGroupMember(g, us.ID, now); err != nil {
					return err
				}
				if u%10 == 3 {
					if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "user", EntityID: us.ID, Name: "own", CreatedAt: now,
						Document: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket-%s/%d/*"}]}`, acct, u)}); err != nil {
						return err
					}
				}
			}
			next := bigAccount((a + 1) % bigAccounts)
			for r := range bigRoles {
				team := r % bigTeams
				var trust string
				switch m := r % 20; {
				case m < 10:
					trust = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, acct)
				case m < 16:
					trust = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},"Action":"sts:AssumeRole"}]}`, next)
				case m < 18:
					trust = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, userIDs[(r*7)%bigUsers])
				case m < 19:
					trust = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":%q},"Action":"sts:AssumeRole"}]}`, roleIDs[(a+1)%bigAccounts][(r+team)%bigRoles])
				default:
					trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
				}
				role := &store.Role{ID: roleIDs[a][r], AccountID: acct, Name: fmt.Sprintf("team-%02d-role-%04d", team, r), Path: "/",
					TrustPolicy: trust, MaxSessionDuration: 3600, CreatedAt: now}
				if err := q.CreateRole(role); err != nil {
					return err
				}
				if r%10 == 4 {
					if err := q.PutInlinePolicy(&store.InlinePolicy{EntityType: "role", EntityID: role.ID, Name: "chain", CreatedAt: now,
						Document: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/team-%02d-*"}]}`, team)}); err != nil {
						return err
					}
				}
			}
		}
		// The hub trusts every account: every team member reaches it.
		var roots []string
		for a := range bigAccounts {
			roots = append(roots, `"arn:aws:iam::`+bigAccount(a)+`:root"`)
		}
		return q.CreateRole(&store.Role{ID: iam.NewUniqueID(iam.PrefixRole), AccountID: bigAccount(0), Name: "hub", Path: "/", MaxSessionDuration: 3600, CreatedAt: now,
			TrustPolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":[` + strings.Join(roots, ",") + `]},"Action":"sts:AssumeRole"}]}`})
	})
	if err != nil {
		return nil, err
	}
	k.Invalidate()
	return o, nil
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big != nil {
		big.k.Close()
		big.st.Close()
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}
