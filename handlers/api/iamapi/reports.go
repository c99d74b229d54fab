package iamapi

import (
	"context"
	"encoding/base64"
	"net/http"
	"sort"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/query"
	"iamconsole/iam"
)

// iamReportActions adds the account summary and the credential report to
// the IAM table.
func (a *Service) iamReportActions(t map[string]query.Action) {
	t["GetAccountSummary"] = a.iamGetAccountSummary
	t["GenerateCredentialReport"] = a.iamGenerateCredentialReport
	t["GetCredentialReport"] = a.iamGetCredentialReport
}

type summaryEntry struct {
	Key   string `xml:"key"`
	Value int    `xml:"value"`
}

type accountSummaryResult struct {
	SummaryMap []summaryEntry `xml:"SummaryMap>entry"`
}

func (a *Service) iamGetAccountSummary(*query.Reader) query.Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		m, err := a.svc.GetAccountSummary(ctx, c)
		if err != nil {
			return nil, err
		}
		res := &accountSummaryResult{}
		for k, v := range m {
			res.SummaryMap = append(res.SummaryMap, summaryEntry{k, v})
		}
		sort.Slice(res.SummaryMap, func(i, j int) bool { return res.SummaryMap[i].Key < res.SummaryMap[j].Key })
		return res, nil
	}
}

type generateReportResult struct {
	State       string
	Description string `xml:",omitempty"`
}

func (a *Service) iamGenerateCredentialReport(*query.Reader) query.Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		state, desc, err := a.svc.GenerateCredentialReport(ctx, c)
		if err != nil {
			return nil, err
		}
		return &generateReportResult{State: state, Description: desc}, nil
	}
}

type credentialReportResult struct {
	Content       string
	ReportFormat  string
	GeneratedTime string
}

func (a *Service) iamGetCredentialReport(*query.Reader) query.Invoke {
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		r, err := a.svc.GetCredentialReport(ctx, c)
		if err != nil {
			// IAM answers a missing or expired report with 410 Gone.
			if e := iam.AsError(err); e.Code == "ReportNotPresent" || e.Code == "ReportExpired" {
				return nil, &api.Error{Status: http.StatusGone, Code: e.Code, Message: e.Message}
			}
			return nil, err
		}
		return &credentialReportResult{Content: base64.StdEncoding.EncodeToString(r.Content), ReportFormat: "text/csv",
			GeneratedTime: query.Timestamp(r.GeneratedTime)}, nil
	}
}
