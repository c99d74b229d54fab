package identity

import (
	"context"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// AccessKeyInfo describes an access key; the secret is never part of it.
type AccessKeyInfo struct {
	AccessKeyID, UserName, Status   string
	CreateDate                      time.Time
	LastUsed                        *time.Time
	LastUsedService, LastUsedRegion string
}

// LoginProfile is a user's console password, without the password.
type LoginProfile struct {
	UserName              string
	CreateDate            time.Time
	PasswordResetRequired bool
}

func accessKeyInfo(k *store.AccessKey, userName string) AccessKeyInfo {
	a := AccessKeyInfo{AccessKeyID: k.ID, UserName: userName, Status: k.Status, CreateDate: k.CreatedAt, LastUsed: k.LastUsedAt}
	if k.LastUsedService != nil {
		a.LastUsedService = *k.LastUsedService
	}
	if k.LastUsedRegion != nil {
		a.LastUsedRegion = *k.LastUsedRegion
	}
	return a
}

// selfOr resolves an optional user name to the caller's own, as AWS does for
// access-key and MFA operations called by an IAM user without UserName.
func selfOr(c *iam.Caller, userName string) (string, error) {
	if userName != "" {
		return userName, nil
	}
	if c.Type == iam.CallerUser {
		return c.UserName, nil
	}
	return "", iam.ValidationError("user_name", "Must specify userName when calling with non-User credentials")
}

func noLoginProfile(name string) *iam.Error {
	return iam.NoSuchEntity("Login Profile for User %s cannot be found.", name)
}

// CreateLoginProfile gives a user a console password.
func (s *Service) CreateLoginProfile(ctx context.Context, c *iam.Caller, userName, password string, resetRequired bool) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateLoginProfile", catalog.IAMCreateLoginProfile.String(), s.targetUserARN(ctx, c.AccountID, userName),
		map[string]any{"userName": userName, "passwordResetRequired": resetRequired})
	if err != nil {
		return err
	}
	if err := s.CheckNewPassword(s.st.Read(ctx), c.AccountID, "", "password", password); err != nil {
		return o.Fail(err)
	}
	hash, err := iam.HashPassword(password)
	if err != nil {
		return o.Fail(iam.Internal(err))
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		if u.PasswordHash != nil {
			return iam.AlreadyExists("password", "Login Profile for user %s already exists.", u.Name)
		}
		now := s.k.Now()
		if err := q.RememberPassword(u.ID, hash, now); err != nil {
			return err
		}
		u.PasswordHash, u.PasswordCreatedAt, u.PasswordResetRequired = &hash, &now, resetRequired
		o.Rec.ResponseElements = map[string]any{"loginProfile": map[string]any{"userName": u.Name,
			"createDate": now.Format(time.RFC3339), "passwordResetRequired": resetRequired}}
		return q.UpdateUser(u)
	})
}

// UpdateLoginProfile changes a user's console password or its reset flag.
func (s *Service) UpdateLoginProfile(ctx context.Context, c *iam.Caller, userName string, password *string, resetRequired *bool) error {
	if c == nil {
		return iam.ErrNoSession
	}
	params := map[string]any{"userName": userName}
	if resetRequired != nil {
		params["passwordResetRequired"] = *resetRequired
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UpdateLoginProfile", catalog.IAMUpdateLoginProfile.String(), s.targetUserARN(ctx, c.AccountID, userName), params)
	if err != nil {
		return err
	}
	var hash string
	if password != nil {
		if err := s.CheckNewPassword(s.st.Read(ctx), c.AccountID, "", "password", *password); err != nil {
			return o.Fail(err)
		}
		if hash, err = iam.HashPassword(*password); err != nil {
			return o.Fail(iam.Internal(err))
		}
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		if u.PasswordHash == nil {
			return noLoginProfile(u.Name)
		}
		if password != nil {
			now := s.k.Now()
			if err := q.RememberPassword(u.ID, hash, now); err != nil {
				return err
			}
			u.PasswordHash, u.PasswordCreatedAt = &hash, &now
		}
		if resetRequired != nil {
			u.PasswordResetRequired = *resetRequired
		}
		return q.UpdateUser(u)
	})
}

// GetLoginProfile tells whether a user has a console password, and since when.
func (s *Service) GetLoginProfile(ctx context.Context, c *iam.Caller, userName string) (*LoginProfile, error) {
	o, _, u, err := s.beginUserRead(ctx, c, "GetLoginProfile", catalog.IAMGetLoginProfile.String(), userName)
	if err != nil {
		return nil, err
	}
	if u.PasswordHash == nil {
		return nil, o.Read(noLoginProfile(u.Name))
	}
	lp := &LoginProfile{UserName: u.Name, CreateDate: u.CreatedAt, PasswordResetRequired: u.PasswordResetRequired}
	if u.PasswordCreatedAt != nil {
		lp.CreateDate = *u.PasswordCreatedAt
	}
	return lp, o.Read(nil)
}

// DeleteLoginProfile removes a user's console password.
func (s *Service) DeleteLoginProfile(ctx context.Context, c *iam.Caller, userName string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteLoginProfile", catalog.IAMDeleteLoginProfile.String(), s.targetUserARN(ctx, c.AccountID, userName),
		map[string]any{"userName": userName})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, userName)
		if err != nil {
			return err
		}
		if u.PasswordHash == nil {
			return noLoginProfile(u.Name)
		}
		u.PasswordHash, u.PasswordCreatedAt, u.PasswordResetRequired = nil, nil, false
		return q.UpdateUser(u)
	})
}

// ChangePassword changes the calling IAM user's own password; it clears a
// pending reset.
func (s *Service) ChangePassword(ctx context.Context, c *iam.Caller, oldPassword, newPassword string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	if c.Type != iam.CallerUser {
		return &iam.Error{Kind: iam.KindInvalid, Code: "InvalidUserType", Message: "Only IAM Users can change their own password"}
	}
	// A password policy that lets users change their own passwords stands
	// in for a policy allowing iam:ChangePassword.
	action := catalog.IAMChangePassword.String()
	if s.UsersMayChangePassword(s.st.Read(ctx), c.AccountID) {
		action = ""
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "ChangePassword", action, c.ARN, nil)
	if err != nil {
		return err
	}
	if err := s.CheckNewPassword(s.st.Read(ctx), c.AccountID, c.UserID, "new_password", newPassword); err != nil {
		return o.Fail(err)
	}
	if newPassword == oldPassword {
		return o.Fail(&iam.Error{Kind: iam.KindInvalid, Code: "PasswordPolicyViolation", Field: "new_password",
			Message: "Policy constraint violation with password reuse prevention during password change."})
	}
	hash, err := iam.HashPassword(newPassword)
	if err != nil {
		return o.Fail(iam.Internal(err))
	}
	return o.Write(func(q *store.Q) error {
		u, err := q.UserByID(c.UserID)
		if err != nil {
			return iam.StoreErr(err, noSuchUser(c.UserName))
		}
		if u.PasswordHash == nil || !iam.CheckPassword(*u.PasswordHash, oldPassword) {
			return &iam.Error{Kind: iam.KindInvalid, Code: "InvalidInput", Field: "old_password", Message: "The old password was incorrect."}
		}
		now := s.k.Now()
		if err := q.RememberPassword(u.ID, hash, now); err != nil {
			return err
		}
		u.PasswordHash, u.PasswordCreatedAt, u.PasswordResetRequired = &hash, &now, false
		return q.UpdateUser(u)
	})
}

// CreateAccessKey creates an access key for a user (the caller itself when
// userName is empty) and returns its secret, which is never shown again.
func (s *Service) CreateAccessKey(ctx context.Context, c *iam.Caller, userName string) (*AccessKeyInfo, string, error) {
	if c == nil {
		return nil, "", iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return nil, "", err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "CreateAccessKey", catalog.IAMCreateAccessKey.String(), s.targetUserARN(ctx, c.AccountID, name),
		map[string]any{"userName": name})
	if err != nil {
		return nil, "", err
	}
	var info AccessKeyInfo
	var secret string
	err = o.Write(func(q *store.Q) error {
		u, err := findUser(q, c.AccountID, name)
		if err != nil {
			return err
		}
		ks, err := q.AccessKeysForUser(u.ID)
		if err != nil {
			return err
		}
		if len(ks) >= maxAccessKeysPerUser {
			return quotaError("AccessKeysPerUser", maxAccessKeysPerUser)
		}
		k, sec, err := s.InsertAccessKey(q, u)
		if err != nil {
			return err
		}
		info, secret = accessKeyInfo(k, u.Name), sec
		o.Rec.ResponseElements = map[string]any{"accessKey": map[string]any{"accessKeyId": k.ID, "status": k.Status,
			"userName": u.Name, "createDate": k.CreatedAt.Format(time.RFC3339)}}
		return nil
	})
	if err != nil {
		return nil, "", err
	}
	return &info, secret, nil
}

// ListAccessKeys lists a user's access keys (the caller's when userName is empty).
func (s *Service) ListAccessKeys(ctx context.Context, c *iam.Caller, userName string) ([]AccessKeyInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return nil, err
	}
	o, q, u, err := s.beginUserRead(ctx, c, "ListAccessKeys", catalog.IAMListAccessKeys.String(), name)
	if err != nil {
		return nil, err
	}
	ks, err := q.AccessKeysForUser(u.ID)
	if err != nil {
		return nil, o.Read(iam.Internal(err))
	}
	out := make([]AccessKeyInfo, 0, len(ks))
	for i := range ks {
		out = append(out, accessKeyInfo(&ks[i], u.Name))
	}
	return out, o.Read(nil)
}

// userKey loads a user's access key, NoSuchEntity if it is not theirs.
func userKey(q *store.Q, acct, userName, keyID string) (*store.User, *store.AccessKey, error) {
	u, err := findUser(q, acct, userName)
	if err != nil {
		return nil, nil, err
	}
	k, err := q.AccessKey(keyID)
	if err != nil || k.UserID != u.ID {
		return nil, nil, iam.NoSuchEntity("The Access Key with id %s cannot be found.", keyID)
	}
	return u, k, nil
}

// UpdateAccessKey activates or deactivates an access key.
func (s *Service) UpdateAccessKey(ctx context.Context, c *iam.Caller, userName, keyID, status string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "UpdateAccessKey", catalog.IAMUpdateAccessKey.String(), s.targetUserARN(ctx, c.AccountID, name),
		map[string]any{"userName": name, "accessKeyId": keyID, "status": status})
	if err != nil {
		return err
	}
	if status != "Active" && status != "Inactive" {
		return o.Fail(iam.ValidationError("status", "1 validation error detected: Value '%s' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]", status))
	}
	return o.Write(func(q *store.Q) error {
		_, k, err := userKey(q, c.AccountID, name, keyID)
		if err != nil {
			return err
		}
		return q.UpdateAccessKeyStatus(k.ID, status)
	})
}

// DeleteAccessKey deletes an access key.
func (s *Service) DeleteAccessKey(ctx context.Context, c *iam.Caller, userName, keyID string) error {
	if c == nil {
		return iam.ErrNoSession
	}
	name, err := selfOr(c, userName)
	if err != nil {
		return err
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "DeleteAccessKey", catalog.IAMDeleteAccessKey.String(), s.targetUserARN(ctx, c.AccountID, name),
		map[string]any{"userName": name, "accessKeyId": keyID})
	if err != nil {
		return err
	}
	return o.Write(func(q *store.Q) error {
		_, k, err := userKey(q, c.AccountID, name, keyID)
		if err != nil {
			return err
		}
		return q.DeleteAccessKey(k.ID)
	})
}

// GetAccessKeyLastUsed tells when and where an access key was last used.
func (s *Service) GetAccessKeyLastUsed(ctx context.Context, c *iam.Caller, keyID string) (*AccessKeyInfo, error) {
	if c == nil {
		return nil, iam.ErrNoSession
	}
	q := s.st.Read(ctx)
	k, kerr := q.AccessKey(keyID)
	var u *store.User
	resource := userARN(c.AccountID, "/", "*")
	if kerr == nil && k.AccountID == c.AccountID {
		if u, kerr = q.UserByID(k.UserID); kerr == nil {
			resource = userARN(u.AccountID, u.Path, u.Name)
		}
	}
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetAccessKeyLastUsed", catalog.IAMGetAccessKeyLastUsed.String(), resource,
		map[string]any{"accessKeyId": keyID})
	if err != nil {
		return nil, err
	}
	if kerr != nil || u == nil {
		return nil, o.Read(&iam.Error{Kind: iam.KindDenied, Code: "AccessDenied", Message: "The access key ID provided does not exist in our records."})
	}
	info := accessKeyInfo(k, u.Name)
	return &info, o.Read(nil)
}

// InsertAccessKey creates an active access key and returns its secret.
func (s *Service) InsertAccessKey(q *store.Q, u *store.User) (*store.AccessKey, string, error) {
	k, secret := s.NewAccessKey(u)
	return k, secret, q.CreateAccessKey(k)
}

// NewAccessKey makes the row of an active access key for u, its secret
// sealed, without writing it, and returns the secret: for writers of many
// rows at once (store.Rows).
func (s *Service) NewAccessKey(u *store.User) (*store.AccessKey, string) {
	secret := iam.NewSecretAccessKey()
	k := &store.AccessKey{ID: iam.NewAccessKeyID(iam.PrefixAccessKey), AccountID: u.AccountID, UserID: u.ID, Status: "Active", CreatedAt: s.k.Now()}
	k.SecretSealed = s.k.Sealer().Seal([]byte(secret), k.ID)
	return k, secret
}

// ResetPassword sets a user's (or with userName "root", the root user's)
// console password from the operator's shell, bypassing IAM, and requires a
// new password at next sign-in for IAM users when requireReset is set.
func (s *Service) ResetPassword(ctx context.Context, account, userName, password string, requireReset bool) error {
	if err := iam.ValidatePassword("password", password); err != nil {
		return err
	}
	hash, err := iam.HashPassword(password)
	if err != nil {
		return iam.Internal(err)
	}
	return s.k.Tx(ctx, func(q *store.Q) error {
		acct, err := iam.ResolveAccount(q, account)
		if err != nil {
			return iam.StoreErr(err, iam.NoSuchEntity("The account %s cannot be found.", account))
		}
		if userName == "root" {
			return iam.StoreErr(q.SetRootPassword(acct.ID, hash), nil)
		}
		u, err := q.UserByName(acct.ID, userName)
		if err != nil {
			return iam.StoreErr(err, iam.NoSuchEntity("The user with name %s cannot be found.", userName))
		}
		now := s.k.Now()
		u.PasswordHash, u.PasswordResetRequired = &hash, requireReset
		if u.PasswordCreatedAt == nil {
			u.PasswordCreatedAt = &now
		}
		return iam.StoreErr(q.UpdateUser(u), nil)
	})
}
