package cloudtrail

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/awsjson"
	"iamconsole/iam"
)

// targetPrefix prefixes X-Amz-Target for CloudTrail (JSON 1.1), as
// botocore sends it; shortPrefix is the form the SDK for Go sends.
const (
	targetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
	shortPrefix  = "CloudTrail_20131101."
)

// maxResults is the most events LookupEvents answers at once (and its
// default).
const maxResults = 50

// Service answers CloudTrail over the kernel.
type Service struct{ k *iam.Service }

// New builds the CloudTrail API over the kernel k.
func New(k *iam.Service, log *slog.Logger) *awsjson.Service {
	a := &Service{k: k}
	return awsjson.NewService("cloudtrail", "1.1", targetPrefix, map[string]awsjson.Operation{
		"LookupEvents": a.lookupEvents,
	}, awsjson.Codes{
		Rename:          map[string]string{"AccessDenied": "AccessDeniedException"},
		InternalCode:    "InternalServerError",
		InternalMessage: "An internal error occurred. Try your request again.",
	}, log).AlsoTargetPrefix(shortPrefix)
}

type lookupAttribute struct {
	AttributeKey   string `json:"AttributeKey"`
	AttributeValue string `json:"AttributeValue"`
}

type lookupRequest struct {
	LookupAttributes []lookupAttribute `json:"LookupAttributes"`
	StartTime        *json.Number      `json:"StartTime"`
	EndTime          *json.Number      `json:"EndTime"`
	EventCategory    string            `json:"EventCategory"`
	MaxResults       *int              `json:"MaxResults"`
	NextToken        string            `json:"NextToken"`
}

type resource struct {
	ResourceType string `json:"ResourceType,omitempty"`
	ResourceName string `json:"ResourceName,omitempty"`
}

type event struct {
	EventID         string     `json:"EventId"`
	EventName       string     `json:"EventName"`
	ReadOnly        string     `json:"ReadOnly"`
	AccessKeyID     string     `json:"AccessKeyId,omitempty"`
	EventTime       float64    `json:"EventTime"`
	EventSource     string     `json:"EventSource"`
	Username        string     `json:"Username,omitempty"`
	Resources       []resource `json:"Resources"`
	CloudTrailEvent string     `json:"CloudTrailEvent"`
}

type lookupResponse struct {
	Events    []event `json:"Events"`
	NextToken string  `json:"NextToken,omitempty"`
}

func invalid(code, msg string) error {
	return &api.Error{Status: http.StatusBadRequest, Code: code, Message: msg}
}

// epoch reads a JSON timestamp (seconds since the epoch, fractions allowed).
func epoch(n *json.Number) (time.Time, error) {
	if n == nil {
		return time.Time{}, nil
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(f * 1000)).UTC(), nil
}

func (a *Service) lookupEvents(ctx context.Context, c *iam.Caller, body []byte) (any, error) {
	var in lookupRequest
	if err := awsjson.Decode(body, &in); err != nil {
		return nil, err
	}
	if len(in.LookupAttributes) > 1 {
		return nil, invalid("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.")
	}
	if in.EventCategory != "" && in.EventCategory != "insight" {
		return nil, invalid("InvalidEventCategoryException", "The event category "+in.EventCategory+" is not valid.")
	}
	if in.MaxResults != nil && (*in.MaxResults < 1 || *in.MaxResults > maxResults) {
		return nil, invalid("InvalidMaxResultsException", "MaxResults must be between 1 and 50.")
	}
	start, err := epoch(in.StartTime)
	if err != nil {
		return nil, invalid("InvalidTimeRangeException", "The start time is not valid.")
	}
	end, err := epoch(in.EndTime)
	if err != nil {
		return nil, invalid("InvalidTimeRangeException", "The end time is not valid.")
	}
	li := iam.LookupInput{Start: start, End: end, IncludeReads: true, MaxResults: maxResults, NextToken: in.NextToken}
	if in.MaxResults != nil {
		li.MaxResults = *in.MaxResults
	}
	if len(in.LookupAttributes) == 1 {
		li.Attribute, li.Value = in.LookupAttributes[0].AttributeKey, in.LookupAttributes[0].AttributeValue
	}
	out := &lookupResponse{Events: []event{}}
	if in.EventCategory == "insight" {
		return out, nil // no Insights events are recorded
	}
	page, err := a.k.LookupEvents(ctx, c, li)
	if err != nil {
		return nil, err
	}
	out.NextToken = page.NextToken
	for _, e := range page.Events {
		ev := event{EventID: e.EventID, EventName: e.EventName, ReadOnly: boolString(e.ReadOnly), AccessKeyID: e.AccessKeyID,
			EventTime: awsjson.Epoch(e.EventTime), EventSource: e.EventSource, Username: e.Username, Resources: []resource{},
			CloudTrailEvent: e.CloudTrailEvent}
		var rec struct {
			Resources []struct {
				ARN  string `json:"ARN"`
				Type string `json:"type"`
			} `json:"resources"`
		}
		if json.Unmarshal([]byte(e.CloudTrailEvent), &rec) == nil {
			for _, r := range rec.Resources {
				ev.Resources = append(ev.Resources, resource{ResourceType: r.Type, ResourceName: r.ARN})
			}
		}
		out.Events = append(out.Events, ev)
	}
	return out, nil
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
