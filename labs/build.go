package labs

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/policy"
	"iamconsole/store"
)

// secrets are a sandbox's credentials and random values, stored sealed:
// what the lab page shows the learner and the commands print.
type secrets struct {
	// Users are the credentials of the lab's users by "key/name".
	Users map[string]credential `json:"users"`
	// Roots are root users' passwords by account key.
	Roots map[string]string `json:"roots,omitempty"`
	// Values are the lab's secrets by name.
	Values map[string]string `json:"values,omitempty"`
}

// credential is one user's console password and access key.
type credential struct {
	Password        string `json:"password,omitempty"`
	AccessKeyID     string `json:"access_key_id,omitempty"`
	SecretAccessKey string `json:"secret_access_key,omitempty"`
}

const (
	lowerAlnum = "abcdefghijkmnpqrstuvwxyz23456789" // no l, o, 0, 1: read aloud and typed
	upperAlnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
)

// randomString is n characters of alphabet from crypto/rand.
func randomString(alphabet string, n int) string {
	var b strings.Builder
	max := big.NewInt(int64(len(alphabet)))
	for range n {
		i, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic("labs: crypto/rand failed: " + err.Error())
		}
		b.WriteByte(alphabet[i.Int64()])
	}
	return b.String()
}

// plan is a sandbox's organization ready to write: its rows, the values
// its placeholders take, and the credentials made for it.
type plan struct {
	rows    store.Rows
	env     *Env
	secrets secrets
	ids     []string // account IDs in the lab's order
}

// newPlan makes the rows of lab's organization for sandbox sbID: accounts
// with the IDs given (fresh ones for the keys without), aliases with the
// sandbox's suffix, every user, group, role and policy, fresh passwords,
// access keys and secrets. Passwords are hashed here, before any
// transaction.
func (s *Service) newPlan(lab *Lab, sbID, suffix string, ids map[string]string, console string) (*plan, error) {
	now := s.k.Now()
	p := &plan{env: &Env{Accounts: map[string]string{}, Aliases: map[string]string{}, Secrets: map[string]string{}, Console: console},
		secrets: secrets{Users: map[string]credential{}, Roots: map[string]string{}, Values: map[string]string{}}}
	for _, a := range lab.Accounts {
		id := ids[a.Key]
		if id == "" {
			id = iam.NewAccountID()
		}
		p.env.Accounts[a.Key] = id
		if a.Alias != "" {
			p.env.Aliases[a.Key] = a.Alias + "-" + suffix
		}
		p.ids = append(p.ids, id)
	}
	for _, name := range lab.Secrets {
		p.env.Secrets[name] = randomString(upperAlnum, 16)
	}
	p.secrets.Values = maps.Clone(p.env.Secrets)

	// Passwords first, hashed all at once.
	var pws []string
	for _, a := range lab.Accounts {
		if a.RootPassword {
			pw := iam.NewPassword()
			p.secrets.Roots[a.Key] = pw
			pws = append(pws, pw)
		}
		for _, u := range a.Users {
			c := credential{}
			if u.Password {
				c.Password = iam.NewPassword()
				pws = append(pws, c.Password)
			}
			p.secrets.Users[a.Key+"/"+u.Name] = c
		}
	}
	hashes, err := iam.HashGeneratedPasswords(pws...)
	if err != nil {
		return nil, err
	}
	hashOf := map[string]string{}
	for i, pw := range pws {
		hashOf[pw] = hashes[i]
	}

	e := p.env
	r := &p.rows
	// Unique IDs of the lab's users and roles, for trust policies that name them.
	principals := map[string]string{} // ARN → unique ID
	userIDs := map[string]*store.User{}
	for _, a := range lab.Accounts {
		acct := e.Accounts[a.Key]
		row := store.Account{ID: acct, Name: a.Name, CreatedAt: now,
			RootEmail: fmt.Sprintf("root+%s-%s@labs.iamconsole.example", sbID, a.Key)}
		if row.Name == "" {
			row.Name = a.Key
		}
		if alias := e.Aliases[a.Key]; alias != "" {
			row.Alias = &alias
		}
		if pw := p.secrets.Roots[a.Key]; pw != "" {
			row.RootPasswordHash = hashOf[pw]
		}
		r.Accounts = append(r.Accounts, row)
		for _, u := range a.Users {
			row := store.User{ID: iam.NewUniqueID(iam.PrefixUser), AccountID: acct, Name: u.Name, Path: normPath(u.Path), CreatedAt: now}
			if pw := p.secrets.Users[a.Key+"/"+u.Name].Password; pw != "" {
				h := hashOf[pw]
				row.PasswordHash, row.PasswordCreatedAt = &h, &now
			}
			if u.Boundary != "" {
				b := lab.policyARN(a, u.Boundary, e)
				row.BoundaryARN = &b
			}
			r.Users = append(r.Users, row)
			principals[arn.IAM(acct, "user", row.Path, u.Name)] = row.ID
		}
		for _, ro := range a.Roles {
			id := iam.NewUniqueID(iam.PrefixRole)
			principals[arn.IAM(acct, "role", normPath(ro.Path), ro.Name)] = id
		}
	}
	for i := range r.Users {
		userIDs[r.Users[i].AccountID+"/"+r.Users[i].Name] = &r.Users[i]
	}
	for _, a := range lab.Accounts {
		acct := e.Accounts[a.Key]
		groups := map[string]string{}
		for _, g := range a.Groups {
			id := iam.NewUniqueID(iam.PrefixGroup)
			groups[g.Name] = id
			r.Groups = append(r.Groups, store.Group{ID: id, AccountID: acct, Name: g.Name, Path: normPath(g.Path), CreatedAt: now})
			s.attach(r, lab, a, e, "group", id, g.Policies, g.Inline, now)
		}
		for _, pol := range a.Policies {
			id := iam.NewUniqueID(iam.PrefixPolicy)
			r.Policies = append(r.Policies, store.Policy{ID: id, AccountID: acct, Name: pol.Name, Path: normPath(pol.Path),
				ARN: arn.IAM(acct, "policy", normPath(pol.Path), pol.Name), Description: pol.Description,
				DefaultVersionID: "v1", NextVersion: 2, CreatedAt: now, UpdatedAt: now})
			r.Versions = append(r.Versions, store.PolicyVersion{PolicyID: id, VersionID: "v1", Document: e.Expand(pol.Document.JSON), CreatedAt: now})
		}
		for _, u := range a.Users {
			row := userIDs[acct+"/"+u.Name]
			for _, g := range u.Groups {
				r.Members = append(r.Members, store.GroupMember{GroupID: groups[g], UserID: row.ID, CreatedAt: now})
			}
			s.attach(r, lab, a, e, "user", row.ID, u.Policies, u.Inline, now)
			for _, k := range slices.Sorted(maps.Keys(u.Tags)) {
				r.Tags = append(r.Tags, store.Tag{EntityType: "user", EntityID: row.ID, Key: k, Value: e.Expand(u.Tags[k])})
			}
			if u.AccessKey {
				k, secret := s.id.NewAccessKey(row)
				r.AccessKeys = append(r.AccessKeys, *k)
				c := p.secrets.Users[a.Key+"/"+u.Name]
				c.AccessKeyID, c.SecretAccessKey = k.ID, secret
				p.secrets.Users[a.Key+"/"+u.Name] = c
			}
		}
		for _, ro := range a.Roles {
			path := normPath(ro.Path)
			id := principals[arn.IAM(acct, "role", path, ro.Name)]
			trust, err := bindTrust(e.Expand(ro.Trust.JSON), principals)
			if err != nil {
				return nil, iam.Internal(fmt.Errorf("labs: %s: the trust policy of role %s: %w", lab.ID, ro.Name, err))
			}
			max := ro.MaxSession
			if max == 0 {
				max = 3600
			}
			row := store.Role{ID: id, AccountID: acct, Name: ro.Name, Path: path, Description: e.Expand(ro.Description),
				TrustPolicy: trust, MaxSessionDuration: max, CreatedAt: now}
			if ro.Boundary != "" {
				b := lab.policyARN(a, ro.Boundary, e)
				row.BoundaryARN = &b
			}
			r.Roles = append(r.Roles, row)
			s.attach(r, lab, a, e, "role", id, ro.Policies, ro.Inline, now)
			for _, k := range slices.Sorted(maps.Keys(ro.Tags)) {
				r.Tags = append(r.Tags, store.Tag{EntityType: "role", EntityID: id, Key: k, Value: e.Expand(ro.Tags[k])})
			}
		}
	}
	return p, nil
}

// attach adds an entity's managed and inline policies to the rows.
func (s *Service) attach(r *store.Rows, lab *Lab, a *Account, e *Env, typ, id string, policies []string, inline []*Inline, now time.Time) {
	for _, ref := range policies {
		r.Attachments = append(r.Attachments, store.Attachment{AccountID: e.Accounts[a.Key], EntityType: typ, EntityID: id,
			PolicyARN: lab.policyARN(a, ref, e), CreatedAt: now})
	}
	for _, in := range inline {
		r.Inline = append(r.Inline, store.InlinePolicy{EntityType: typ, EntityID: id, Name: in.Name, Document: e.Expand(in.Document.JSON), CreatedAt: now})
	}
}

// policyARN turns a reference to a managed policy (an ARN, or the name of a
// policy of account a) into its ARN in a sandbox.
func (l *Lab) policyARN(a *Account, ref string, e *Env) string {
	if strings.HasPrefix(ref, "arn:") {
		return e.Expand(ref)
	}
	p := findPolicy(a, ref)
	path := "/"
	if p != nil {
		path = normPath(p.Path)
	}
	return arn.IAM(e.Accounts[a.Key], "policy", path, ref)
}

// bindTrust stores a trust policy as IAM does: principals naming a user or
// role by ARN become the entity's unique ID, and a bare account ID the
// account's root ARN.
func bindTrust(doc string, ids map[string]string) (string, error) {
	d, err := policy.Parse([]byte(doc))
	if err != nil {
		return "", err
	}
	changed := false
	for _, st := range d.Statements {
		for _, pr := range []*policy.Principals{st.Principal, st.NotPrincipal} {
			if pr == nil || pr.Wildcard {
				continue
			}
			for i, v := range pr.AWS {
				if arn.IsAccountID(v) {
					pr.AWS[i], changed = arn.Root(v), true
				} else if id, ok := ids[v]; ok {
					pr.AWS[i], changed = id, true
				}
			}
		}
	}
	if !changed {
		return doc, nil
	}
	b, err := d.MarshalJSON()
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return string(b), nil
	}
	return out.String(), nil
}
