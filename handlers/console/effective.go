package console

import (
	"context"
	"net/url"

	"iamconsole/iam"
	"iamconsole/iam/identity"
	"iamconsole/views"
)

// effectivePanel builds the effective permissions panel of the user or
// role typ/name (whose ARN is entityARN) for caller: the caller's own
// permissions (with its session's policies) when it is that principal,
// else a summary of the principal's policies, which needs
// iam:SimulatePrincipalPolicy.
func effectivePanel(ctx context.Context, svc *identity.Service, caller *iam.Caller, typ, name, entityARN string) views.EffectiveVM {
	vm := views.EffectiveVM{Title: "Effective permissions", SimulatorURL: "/iam/simulator?source=" + url.QueryEscape(entityARN),
		Intro: "What this " + typ + "'s policies allow, by service and access level, with its permissions boundary applied."}
	if caller == nil {
		vm.Problem = "Sign in to see permissions."
		return vm
	}
	var eff *identity.Effective
	var err error
	if caller.PrincipalARN() == entityARN {
		eff, err = svc.SessionPermissions(ctx, caller)
		if caller.Type == iam.CallerAssumedRole {
			vm.Intro = "What your session in this role may do: the role's policies, with its boundary and your session's policies applied."
		}
	} else {
		eff, err = svc.EffectivePermissions(ctx, caller, typ, name)
	}
	if err != nil {
		vm.Problem = iam.AsError(err).Message
		return vm
	}
	vm.Eff = eff
	return vm
}

// ownPanel is the effective permissions panel of the signed-in principal,
// for the console home: for a role session, what the role allows.
func ownPanel(ctx context.Context, svc *identity.Service, caller *iam.Caller) views.EffectiveVM {
	vm := views.EffectiveVM{Title: "What you can do", Intro: "What your policies allow, by service and access level, with your permissions boundary applied."}
	if caller != nil && caller.Type == iam.CallerAssumedRole {
		vm.Title = "What this role allows"
		vm.Intro = "While you are in " + caller.RoleName + ", these permissions replace your own: the role's policies, with its boundary and your session's policies applied."
	}
	if caller != nil && !caller.IsRoot() {
		vm.SimulatorURL = "/iam/simulator?source=" + url.QueryEscape(caller.PrincipalARN())
	}
	eff, err := svc.SessionPermissions(ctx, caller)
	if err != nil {
		vm.Problem = iam.AsError(err).Message
		return vm
	}
	vm.Eff = eff
	return vm
}
