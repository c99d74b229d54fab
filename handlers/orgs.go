package handlers

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"iamconsole/iam"
)

// orgsTargetPrefix prefixes X-Amz-Target for AWS Organizations (JSON 1.1).
const orgsTargetPrefix = "AWSOrganizationsV20161128."

// jsonAction handles one JSON 1.1 operation: it decodes its input from body.
type jsonAction func(ctx context.Context, c *iam.Caller, body []byte) (any, error)

// orgsActions is Organizations' operation table.
func (a *API) orgsActions() map[string]jsonAction {
	return map[string]jsonAction{
		"CreateAccount":               a.createAccount,
		"DescribeCreateAccountStatus": a.describeCreateAccountStatus,
		"ListAccounts":                a.listAccounts,
		"DescribeAccount":             a.describeAccount,
		"DescribeOrganization":        a.describeOrganization,
	}
}

func (a *API) serveJSON(ctx context.Context, w http.ResponseWriter, r *http.Request, c *iam.Caller, body []byte, id string) {
	target := r.Header.Get("X-Amz-Target")
	op, ok := strings.CutPrefix(target, orgsTargetPrefix)
	fn := a.orgs[op]
	if !ok || fn == nil {
		writeJSONError(w, id, http.StatusBadRequest, "UnknownOperationException", "The requested operation "+target+" is not supported.")
		return
	}
	if len(body) == 0 {
		body = []byte("{}")
	}
	var res any
	var err error
	func() {
		defer func() {
			if v := recover(); v != nil {
				a.log.Error("api: panic", "panic", v)
				err = &apiError{Status: http.StatusInternalServerError, Code: "ServiceException", Message: "AWS Organizations can't complete your request because of an internal service error. Try again later."}
			}
		}()
		res, err = fn(ctx, c, body)
	}()
	if err != nil {
		we := wireError(err)
		code := we.Code
		switch code {
		case "AccessDenied":
			code = "AccessDeniedException"
		case "ServiceFailure":
			code = "ServiceException"
		}
		writeJSONError(w, id, we.Status, code, we.Message)
		return
	}
	writeJSON(w, id, res)
}

func decodeJSON(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &apiError{Status: http.StatusBadRequest, Code: "SerializationException", Message: "Start of structure or map found where not expected."}
	}
	return nil
}

// epoch is a JSON 1.1 timestamp: seconds since the epoch.
func epoch(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

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

func statusOf(info *iam.AccountInfo) createAccountStatus {
	return createAccountStatus{ID: createAccountRequestID(info.AccountID), AccountName: info.Name, State: "SUCCEEDED",
		RequestedTimestamp: epoch(info.JoinedTimestamp), CompletedTimestamp: epoch(info.JoinedTimestamp), AccountID: info.AccountID}
}

func (a *API) createAccount(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ AccountName, Email, RoleName string }
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	info, err := a.svc.CreateAccount(ctx, c, iam.CreateAccountInput{Name: in.AccountName, Email: in.Email, RoleName: in.RoleName})
	if err != nil {
		return nil, err
	}
	return map[string]any{"CreateAccountStatus": statusOf(info)}, nil
}

func (a *API) describeCreateAccountStatus(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ CreateAccountRequestId string }
	if err := decodeJSON(body, &in); err != nil {
		return nil, err
	}
	acct, ok := strings.CutPrefix(in.CreateAccountRequestId, "car-")
	if !ok {
		return nil, &apiError{Status: http.StatusBadRequest, Code: "CreateAccountStatusNotFoundException", Message: "We can't find an create account request with the CreateAccountRequestId that you specified."}
	}
	info, err := a.svc.DescribeAccount(ctx, c, acct)
	if iam.IsKind(err, iam.KindNotFound) || iam.IsKind(err, iam.KindInvalid) {
		return nil, &apiError{Status: http.StatusBadRequest, Code: "CreateAccountStatusNotFoundException", Message: "We can't find an create account request with the CreateAccountRequestId that you specified."}
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

func (a *API) accountJSON(org *iam.OrganizationInfo, info *iam.AccountInfo) accountJSON {
	method := "CREATED"
	if info.Management {
		method = "INVITED"
	}
	return accountJSON{ID: info.AccountID, Arn: "arn:aws:organizations::" + org.MasterAccountID + ":account/" + org.ID + "/" + info.AccountID,
		Email: info.Email, Name: info.Name, Status: info.Status, JoinedMethod: method, JoinedTimestamp: epoch(info.JoinedTimestamp)}
}

func (a *API) listAccounts(ctx context.Context, c *iam.Caller, _ []byte) (any, error) {
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

func (a *API) describeAccount(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in struct{ AccountId string }
	if err := decodeJSON(body, &in); err != nil {
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

func (a *API) describeOrganization(ctx context.Context, c *iam.Caller, _ []byte) (any, error) {
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
