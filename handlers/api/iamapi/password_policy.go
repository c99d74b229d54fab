package iamapi

import (
	"context"

	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/identity"
)

// iamPasswordPolicyActions adds the account password policy to the IAM table.
func (a *Service) iamPasswordPolicyActions(t map[string]query.Action) {
	t["GetAccountPasswordPolicy"] = a.iamGetAccountPasswordPolicy
	t["UpdateAccountPasswordPolicy"] = a.iamUpdateAccountPasswordPolicy
	t["DeleteAccountPasswordPolicy"] = a.iamDeleteAccountPasswordPolicy
}

type passwordPolicyXML struct {
	MinimumPasswordLength      int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	ExpirePasswords            bool
	MaxPasswordAge             *int  `xml:",omitempty"`
	PasswordReusePrevention    *int  `xml:",omitempty"`
	HardExpiry                 *bool `xml:",omitempty"`
}

type passwordPolicyResult struct{ PasswordPolicy passwordPolicyXML }

func (a *Service) iamGetAccountPasswordPolicy(*query.Reader) query.Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		p, err := a.svc.GetAccountPasswordPolicy(ctx, c)
		if err != nil {
			return nil, err
		}
		return &passwordPolicyResult{passwordPolicyXML(*p)}, nil
	}
}

func (a *Service) iamUpdateAccountPasswordPolicy(r *query.Reader) query.Invoke {
	in := identity.PasswordPolicyInput{MinimumPasswordLength: r.IntP("MinimumPasswordLength", "minimumPasswordLength"),
		RequireSymbols: r.Bool("RequireSymbols"), RequireNumbers: r.Bool("RequireNumbers"),
		RequireUppercaseCharacters: r.Bool("RequireUppercaseCharacters"), RequireLowercaseCharacters: r.Bool("RequireLowercaseCharacters"),
		AllowUsersToChangePassword: r.Bool("AllowUsersToChangePassword"), MaxPasswordAge: r.IntP("MaxPasswordAge", "maxPasswordAge"),
		PasswordReusePrevention: r.IntP("PasswordReusePrevention", "passwordReusePrevention")}
	if r.P.Has("HardExpiry") {
		v := r.Bool("HardExpiry")
		in.HardExpiry = &v
	}
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.UpdateAccountPasswordPolicy(ctx, c, in) })
}

func (a *Service) iamDeleteAccountPasswordPolicy(*query.Reader) query.Invoke {
	return query.Done(func(ctx context.Context, c *iam.Caller) error { return a.svc.DeleteAccountPasswordPolicy(ctx, c) })
}
