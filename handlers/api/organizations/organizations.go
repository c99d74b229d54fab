package organizations

import (
	"context"
	orgs "iamconsole/iam/organizations"
	"log/slog"
	"net/http"
	"strings"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/awsjson"
	"iamconsole/iam"
)

// targetPrefix prefixes X-Amz-Target for AWS Organizations (JSON 1.1).
const targetPrefix = "AWSOrganizationsV20161128."

// Service answers AWS Organizations over the service layer.
type Service struct{ svc *orgs.Service }

// New builds the Organizations API over svc.
func New(svc *orgs.Service, log *slog.Logger) *awsjson.Service {
	a := &Service{svc: svc}
	return awsjson.NewService("organizations", "1.1", targetPrefix, map[string]awsjson.Operation{
		"CreateAccount":               a.createAccount,
		"DescribeCreateAccountStatus": a.describeCreateAccountStatus,
		"ListAccounts":                a.listAccounts,
		"DescribeAccount":             a.describeAccount,
		"DescribeOrganization":        a.describeOrganization,
	}, awsjson.Codes{
		Rename:          map[string]string{"AccessDenied": "AccessDeniedException"},
		InternalCode:    "ServiceException",
		InternalMessage: "AWS Organizations can't complete your request because of an internal service error. Try again later.",
	}, log)
}

type createAccountStatus struct {
	ID                 string  `json:"Id"`
	AccountName        string  `json:"AccountName"`
	State              string  `json:"State"`
	RequestedTimestamp float64 `json:"RequestedTimestamp"`
	CompletedTimestamp float64 `json:"CompletedTimestamp"`
	AccountID          string  `json:"AccountId"`
}

// createAccountRequestID names a CreateAccount request after its account:
// accounts are created at once, so the account is the request's whole state.
func createAccountRequestID(accountID string) string { return "car-" + accountID }

func statusOf(info *orgs.AccountInfo) createAccountStatus {
	return createAccountStatus{ID: createAccountRequestID(info.AccountID), AccountName: info.Name, State: "SUCCEEDED",
		RequestedTimestamp: awsjson.Epoch(info.JoinedTimestamp), CompletedTimestamp: awsjson.Epoch(info.JoinedTimestamp), AccountID: info.AccountID}
}

func (a *Service) createAccount(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ AccountName, Email, RoleName string }
	if err := awsjson.Decode(body, &in); err != nil {
		return nil, err
	}
	info, err := a.svc.CreateAccount(ctx, c, orgs.CreateAccountInput{Name: in.AccountName, Email: in.Email, RoleName: in.RoleName})
	if err != nil {
		return nil, err
	}
	return map[string]any{"CreateAccountStatus": statusOf(info)}, nil
}

func (a *Service) describeCreateAccountStatus(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ CreateAccountRequestId string }
	if err := awsjson.Decode(body, &in); err != nil {
		return nil, err
	}
	acct, ok := strings.CutPrefix(in.CreateAccountRequestId, "car-")
	if !ok {
		return nil, &api.Error{Status: http.StatusBadRequest, Code: "CreateAccountStatusNotFoundException", Message: "We can't find an create account request with the CreateAccountRequestId that you specified."}
	}
	info, err := a.svc.DescribeAccount(ctx, c, acct)
	if iam.IsKind(err, iam.KindNotFound) || iam.IsKind(err, iam.KindInvalid) {
		return nil, &api.Error{Status: http.StatusBadRequest, Code: "CreateAccountStatusNotFoundException", Message: "We can't find an create account request with the CreateAccountRequestId that you specified."}
	}
	if err != nil {
		return nil, err
	}
	return map[string]any{"CreateAccountStatus": statusOf(info)}, nil
}

type accountJSON struct {
	ID              string  `json:"Id"`
	Arn             string  `json:"Arn"`
	Email           string  `json:"Email"`
	Name            string  `json:"Name"`
	Status          string  `json:"Status"`
	JoinedMethod    string  `json:"JoinedMethod"`
	JoinedTimestamp float64 `json:"JoinedTimestamp"`
}

func (a *Service) accountJSON(org *orgs.OrganizationInfo, info *orgs.AccountInfo) accountJSON {
	method := "CREATED"
	if info.Management {
		method = "INVITED"
	}
	return accountJSON{ID: info.AccountID, Arn: "arn:aws:organizations::" + org.MasterAccountID + ":account/" + org.ID + "/" + info.AccountID,
		Email: info.Email, Name: info.Name, Status: info.Status, JoinedMethod: method, JoinedTimestamp: awsjson.Epoch(info.JoinedTimestamp)}
}

func (a *Service) listAccounts(ctx context.Context, c *iam.Caller, _ []byte) (any, error) {
	accts, err := a.svc.ListAccounts(ctx, c)
	if err != nil {
		return nil, err
	}
	org, err := a.svc.DescribeOrganization(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]accountJSON, 0, len(accts))
	for i := range accts {
		out = append(out, a.accountJSON(org, &accts[i]))
	}
	return map[string]any{"Accounts": out}, nil
}

func (a *Service) describeAccount(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ AccountId string }
	if err := awsjson.Decode(body, &in); err != nil {
		return nil, err
	}
	info, err := a.svc.DescribeAccount(ctx, c, in.AccountId)
	if err != nil {
		return nil, err
	}
	org, err := a.svc.DescribeOrganization(ctx, c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Account": a.accountJSON(org, info)}, nil
}

func (a *Service) describeOrganization(ctx context.Context, c *iam.Caller, _ []byte) (any, error) {
	org, err := a.svc.DescribeOrganization(ctx, c)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Organization": map[string]any{
		"Id": org.ID, "Arn": org.ARN, "FeatureSet": org.FeatureSet, "MasterAccountArn": org.MasterAccountARN,
		"MasterAccountId": org.MasterAccountID, "MasterAccountEmail": org.MasterAccountEmail,
		"AvailablePolicyTypes": []map[string]string{{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}},
	}}, nil
}
