package identity

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/arn"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Account quotas GetAccountSummary reports (AWS-REFERENCE §5.2, §5.3).
var summaryQuotas = map[string]int{
	"UsersQuota": 5000, "GroupsQuota": 300, "RolesQuota": 1000, "PoliciesQuota": 1500, "InstanceProfilesQuota": 1000,
	"ServerCertificatesQuota": 20, "UserPolicySizeQuota": 2048, "GroupPolicySizeQuota": 5120, "RolePolicySizeQuota": 10240,
	"PolicySizeQuota": 6144, "AssumeRolePolicySizeQuota": 2048, "GroupsPerUserQuota": maxGroupsPerUser,
	"SigningCertificatesPerUserQuota": 2, "AccessKeysPerUserQuota": maxAccessKeysPerUser,
	"AttachedPoliciesPerGroupQuota": MaxAttachedPolicies, "AttachedPoliciesPerRoleQuota": MaxAttachedPolicies,
	"AttachedPoliciesPerUserQuota": MaxAttachedPolicies, "PolicyVersionsInUseQuota": 10000, "VersionsPerPolicyQuota": MaxPolicyVersions,
	"GlobalEndpointTokenVersion": 1,
}

// GetAccountSummary counts the account's IAM entities and reports its
// quotas, with the keys of IAM's SummaryMap (iam:GetAccountSummary).
func (s *Service) GetAccountSummary(ctx context.Context, c *iam.Caller) (AccountSummary, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetAccountSummary", catalog.IAMGetAccountSummary.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	out, err := s.accountSummary(s.st.Read(ctx), c.AccountID)
	return out, o.Read(err)
}

func (s *Service) accountSummary(q *store.Q, acct string) (AccountSummary, error) {
	out := make(AccountSummary, 34)
	for k, v := range summaryQuotas {
		out[k] = v
	}
	for key, table := range map[string]string{"Users": "users", "Groups": "groups", "Roles": "roles", "Policies": "policies",
		"InstanceProfiles": "instance_profiles", "MFADevices": "mfa_devices"} {
		n, err := q.CountRows(table, acct)
		if err != nil {
			return nil, iam.Internal(err)
		}
		out[key] = int(n)
	}
	assigned, err := q.VirtualMFADevices(acct, "Assigned")
	if err != nil {
		return nil, iam.Internal(err)
	}
	out["MFADevicesInUse"] = len(assigned)
	root, err := q.EnabledMFAForRoot(acct)
	if err != nil {
		return nil, iam.Internal(err)
	}
	out["AccountMFAEnabled"] = min(len(root), 1)
	counts, err := q.AttachmentCounts(acct)
	if err != nil {
		return nil, iam.Internal(err)
	}
	inUse := 0
	for _, n := range counts {
		inUse += n
	}
	out["PolicyVersionsInUse"] = inUse
	// The root user has a password and neither access keys nor signing
	// certificates here; nothing is an identity provider or a server
	// certificate.
	out["AccountPasswordPresent"], out["AccountAccessKeysPresent"], out["AccountSigningCertificatesPresent"] = 1, 0, 0
	out["ServerCertificates"], out["Providers"] = 0, 0
	return out, nil
}

// Credential report states and lifetime, as IAM has them.
const (
	ReportStarted  = "STARTED"
	ReportComplete = "COMPLETE"
	// reportMaxAge is how long a report counts as current: a newer one is
	// generated after it, and GetCredentialReport calls it expired.
	reportMaxAge = 4 * time.Hour
)

// credentialReportColumns are the columns of IAM's credential report.
var credentialReportColumns = []string{"user", "arn", "user_creation_time", "password_enabled", "password_last_used",
	"password_last_changed", "password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated"}

func reportKey(acct string) string { return "credential_report:" + acct }

// GenerateCredentialReport builds the account's credential report
// (iam:GenerateCredentialReport): STARTED when none was current, COMPLETE
// when one generated in the last four hours is, as IAM answers.
func (s *Service) GenerateCredentialReport(ctx context.Context, c *iam.Caller) (state, description string, err error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GenerateCredentialReport", catalog.IAMGenerateCredentialReport.String(), "*", nil)
	if err != nil {
		return "", "", err
	}
	now := s.k.Now()
	q := s.st.Read(ctx)
	if at, _, ok, err := readReport(q, c.AccountID); err != nil {
		return "", "", o.Read(err)
	} else if ok && now.Sub(at) < reportMaxAge {
		return ReportComplete, "", o.Read(nil)
	}
	content, err := s.credentialReport(q, c.AccountID, now)
	if err != nil {
		return "", "", o.Read(err)
	}
	// Not configuration: the kernel's caches stay.
	if err := s.st.Tx(ctx, func(q *store.Q) error {
		return q.SetSetting(reportKey(c.AccountID), now.UTC().Format(time.RFC3339)+"\n"+content)
	}); err != nil {
		return "", "", o.Read(iam.Internal(err))
	}
	return ReportStarted, "No report exists. Starting a new report generation task", o.Read(nil)
}

// CredentialReport is a generated report: CSV content and when it was made.
type CredentialReport struct {
	Content       []byte
	GeneratedTime time.Time
}

// GetCredentialReport returns the account's last generated credential
// report (iam:GetCredentialReport).
func (s *Service) GetCredentialReport(ctx context.Context, c *iam.Caller) (*CredentialReport, error) {
	o, err := s.k.Begin(ctx, c, iam.SourceIAM, "GetCredentialReport", catalog.IAMGetCredentialReport.String(), "*", nil)
	if err != nil {
		return nil, err
	}
	at, content, ok, err := readReport(s.st.Read(ctx), c.AccountID)
	switch {
	case err != nil:
		return nil, o.Read(err)
	case !ok:
		return nil, o.Read(&iam.Error{Kind: iam.KindNotFound, Code: "ReportNotPresent",
			Message: "Credential report not present. Generate a credential report before calling GetCredentialReport."})
	case s.k.Now().Sub(at) >= reportMaxAge:
		return nil, o.Read(&iam.Error{Kind: iam.KindNotFound, Code: "ReportExpired",
			Message: "The credential report is expired. Generate a new credential report."})
	}
	return &CredentialReport{Content: []byte(content), GeneratedTime: at}, o.Read(nil)
}

func readReport(q *store.Q, acct string) (time.Time, string, bool, error) {
	v, ok, err := q.Setting(reportKey(acct))
	if err != nil {
		return time.Time{}, "", false, iam.Internal(err)
	}
	if !ok {
		return time.Time{}, "", false, nil
	}
	head, content, _ := strings.Cut(v, "\n")
	at, err := time.Parse(time.RFC3339, head)
	if err != nil {
		return time.Time{}, "", false, nil
	}
	return at, content, true, nil
}

// reportTime is how the credential report writes a time.
func reportTime(t *time.Time) string {
	if t == nil {
		return "N/A"
	}
	return t.UTC().Format("2006-01-02T15:04:05+00:00")
}

// credentialReport renders the report: the root user first, then every
// IAM user by name.
func (s *Service) credentialReport(q *store.Q, acct string, now time.Time) (string, error) {
	a, err := q.Account(acct)
	if err != nil {
		return "", iam.Internal(err)
	}
	users, keysOf, withMFA, err := credentialsOf(q, acct)
	if err != nil {
		return "", err
	}
	var maxAge int
	if p, err := q.PasswordPolicyOf(acct); err == nil {
		maxAge = p.MaxPasswordAge
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(credentialReportColumns)
	rootMFA, err := q.EnabledMFAForRoot(acct)
	if err != nil {
		return "", iam.Internal(err)
	}
	created := a.CreatedAt
	row := []string{"<root_account>", arn.Root(acct), reportTime(&created), "not_supported", "N/A", "not_supported", "not_supported",
		boolString(len(rootMFA) > 0)}
	row = append(row, noKey()...)
	row = append(row, noKey()...)
	row = append(row, "false", "N/A", "false", "N/A")
	w.Write(row)
	for i := range users {
		u := &users[i]
		keys := keysOf[u.ID]
		uc := u.CreatedAt
		row := []string{u.Name, userARN(acct, u.Path, u.Name), reportTime(&uc), boolString(u.PasswordHash != nil)}
		if u.PasswordHash != nil {
			last := "no_information"
			if u.PasswordLastUsed != nil {
				last = reportTime(u.PasswordLastUsed)
			}
			next := "N/A"
			if maxAge > 0 && u.PasswordCreatedAt != nil {
				t := u.PasswordCreatedAt.Add(time.Duration(maxAge) * 24 * time.Hour)
				next = reportTime(&t)
			}
			row = append(row, last, reportTime(u.PasswordCreatedAt), next)
		} else {
			row = append(row, "N/A", "N/A", "N/A")
		}
		row = append(row, boolString(withMFA[u.ID]))
		for k := range 2 {
			if k >= len(keys) {
				row = append(row, noKey()...)
				continue
			}
			key := keys[k]
			kc := key.CreatedAt
			region, service := "N/A", "N/A"
			if key.LastUsedRegion != nil {
				region = *key.LastUsedRegion
			}
			if key.LastUsedService != nil {
				service = *key.LastUsedService
			}
			row = append(row, boolString(key.Status == "Active"), reportTime(&kc), reportTime(key.LastUsedAt), region, service)
		}
		row = append(row, "false", "N/A", "false", "N/A")
		w.Write(row)
	}
	w.Flush()
	return b.String(), w.Error()
}

func noKey() []string { return []string{"false", "N/A", "N/A", "N/A", "N/A"} }

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
