package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/iam/identity"
	"iamconsole/iam/organizations"
	"iamconsole/views"
)

// keyRotationAge is the age past which the dashboard recommends rotating
// an active access key, as AWS's security recommendations do.
const keyRotationAge = 90 * 24 * time.Hour

// Dashboard is the IAM dashboard (/iam): the account's IAM resources,
// security recommendations and the account's sign-in details.
type Dashboard struct {
	iam      *iam.Service
	identity *identity.Service
	orgs     *organizations.Service
}

// NewDashboard builds the dashboard handler.
func NewDashboard(k *iam.Service, id *identity.Service, orgs *organizations.Service) *Dashboard {
	return &Dashboard{iam: k, identity: id, orgs: orgs}
}

// Show renders the dashboard from GetAccountSummary (the counts, the root
// user's MFA) and the credential report (users without MFA, old keys);
// what the caller may not read is said rather than refused.
func (h *Dashboard) Show(c echo.Context) error {
	ctx, caller := c.Request().Context(), Caller(c)
	vm := views.DashboardVM{AccountID: caller.AccountID, SignInURL: h.iam.ConsoleSignInURL(caller.Account()),
		CanEditAlias: h.iam.Allowed(ctx, caller, catalog.IAMCreateAccountAlias.String(), "*")}
	if as, err := h.orgs.ListAccountAliases(ctx, caller); err == nil && len(as) > 0 {
		vm.Alias = as[0]
	}
	sum, err := h.identity.GetAccountSummary(ctx, caller)
	switch {
	case err == nil:
		vm.Counts = []views.DashboardCount{
			{Label: "User groups", Href: "/iam/groups", Count: sum["Groups"], TestID: "count-groups"},
			{Label: "Users", Href: "/iam/users", Count: sum["Users"], TestID: "count-users"},
			{Label: "Roles", Href: "/iam/roles", Count: sum["Roles"], TestID: "count-roles"},
			{Label: "Policies", Href: "/iam/policies?scope=Local", Count: sum["Policies"], TestID: "count-policies"},
		}
		vm.Recommendations = append(vm.Recommendations, rootRecommendations(sum)...)
	case iam.IsKind(err, iam.KindDenied):
		vm.CountsProblem = "You need " + catalog.IAMGetAccountSummary.String() + " to see the account's IAM resources."
	default:
		return Fail(c, err)
	}
	rows, err := h.identity.CredentialReport(ctx, caller)
	switch {
	case err == nil:
		vm.Recommendations = append(vm.Recommendations, userRecommendations(rows, h.iam.Now())...)
	case iam.IsKind(err, iam.KindDenied):
		vm.RecommendationsProblem = "You need " + catalog.IAMGetCredentialReport.String() + " to see the recommendations about IAM users' credentials."
	default:
		return Fail(c, err)
	}
	return Render(c, http.StatusOK, views.IAMDashboard(PageFor(c, "Dashboard", "dashboard"), vm))
}

// rootRecommendations are the recommendations about the root user.
func rootRecommendations(sum identity.AccountSummary) []views.Recommendation {
	var out []views.Recommendation
	if sum["AccountMFAEnabled"] == 1 {
		out = append(out, views.Recommendation{OK: true, Title: "Root user has MFA", TestID: "rec-root-mfa",
			Detail: "Having multi-factor authentication (MFA) for the root user improves security for this account."})
	} else {
		out = append(out, views.Recommendation{Title: "Add MFA for root user", TestID: "rec-root-mfa",
			Detail: "Add MFA for the root user: register a multi-factor authentication (MFA) device for the root user to improve security for this account."})
	}
	if sum["AccountAccessKeysPresent"] == 0 {
		out = append(out, views.Recommendation{OK: true, Title: "Root user has no active access keys", TestID: "rec-root-keys",
			Detail: "Using access keys attached to an IAM user instead of the root user improves security."})
	} else {
		out = append(out, views.Recommendation{Title: "Deactivate or delete access keys for root user", TestID: "rec-root-keys",
			Detail: "Using access keys attached to an IAM user instead of the root user improves security."})
	}
	return out
}

// userRecommendations are the recommendations about IAM users: MFA for
// those who sign in to the console, and rotating keys older than 90 days.
func userRecommendations(rows []identity.CredentialReportRow, now time.Time) []views.Recommendation {
	var noMFA, oldKeys []string
	for _, r := range rows {
		if r.Root {
			continue
		}
		if r.PasswordEnabled && !r.MFAActive {
			noMFA = append(noMFA, r.User)
		}
		for _, k := range r.AccessKeys {
			if k.Status == "Active" && now.Sub(k.CreateDate) > keyRotationAge {
				oldKeys = append(oldKeys, k.AccessKeyID+" ("+r.User+")")
			}
		}
	}
	var out []views.Recommendation
	if len(noMFA) == 0 {
		out = append(out, views.Recommendation{OK: true, Title: "IAM users with console access have MFA", TestID: "rec-user-mfa",
			Detail: "Every IAM user who signs in to the console has an MFA device."})
	} else {
		out = append(out, views.Recommendation{Title: "Add MFA for " + count(len(noMFA), "IAM user"), TestID: "rec-user-mfa",
			Detail: "These users sign in to the console without an MFA device: " + strings.Join(noMFA, ", ") + ".",
			Href:   "/iam/users", Action: "Users"})
	}
	if len(oldKeys) == 0 {
		out = append(out, views.Recommendation{OK: true, Title: "No active access keys older than 90 days", TestID: "rec-old-keys",
			Detail: "Rotating access keys regularly limits what a leaked key exposes."})
	} else {
		out = append(out, views.Recommendation{Title: "Rotate " + count(len(oldKeys), "access key") + " older than 90 days", TestID: "rec-old-keys",
			Detail: "Create a new key, move its users to it, then deactivate and delete the old one: " + strings.Join(oldKeys, ", ") + ".",
			Href:   "/iam/users", Action: "Users"})
	}
	return out
}

// count is "1 thing" or "n things".
func count(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + one + "s"
}
