package iam

import (
	"context"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// LookupAttributeKeys are the attributes the event history filters by, as
// CloudTrail's LookupAttributeKey enum names them.
var LookupAttributeKeys = []string{"EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"}

// EventRetention is how far back the event history reaches.
const EventRetention = 90 * 24 * time.Hour

// LookupInput filters the event history: at most one attribute, a time
// range, and whether read-only events show when no attribute is given.
type LookupInput struct {
	Attribute    string // one of LookupAttributeKeys, or ""
	Value        string
	Start, End   time.Time // zero: the last 90 days up to now
	IncludeReads bool
	MaxResults   int    // 1–1000; 0 means 50
	NextToken    string // from a previous LookupOutput
}

// EventInfo is one event of the history, with CloudTrail's LookupEvents
// fields and the full record.
type EventInfo struct {
	EventID         string
	EventName       string
	EventTime       time.Time
	EventSource     string
	ReadOnly        bool
	Username        string
	AccessKeyID     string
	ResourceType    string
	ResourceName    string
	ErrorCode       string
	SharedEventID   string
	CloudTrailEvent string // the record as JSON
}

// LookupOutput is a page of events, newest first.
type LookupOutput struct {
	Events    []EventInfo
	NextToken string
}

// LookupEvents reads the event history of c's account, newest first; it
// needs cloudtrail:LookupEvents.
func (s *Service) LookupEvents(ctx context.Context, c *Caller, in LookupInput) (*LookupOutput, error) {
	r := NewEvent(ctx, c, SourceCloudTrail, "LookupEvents", s.Now())
	r.ReadOnly = true
	params := map[string]any{}
	if in.Attribute != "" {
		params["lookupAttributes"] = []map[string]string{{"attributeKey": in.Attribute, "attributeValue": in.Value}}
	}
	if !in.Start.IsZero() {
		params["startTime"] = in.Start.UTC().Format(time.RFC3339)
	}
	if !in.End.IsZero() {
		params["endTime"] = in.End.UTC().Format(time.RFC3339)
	}
	r.RequestParameters = params
	fail := func(err error) (*LookupOutput, error) {
		e := AsError(err)
		r.ErrorCode, r.ErrorMessage = e.Code, e.Message
		s.Record(r)
		return nil, err
	}
	if err := s.Authorize(ctx, c, catalog.CloudTrailLookupEvents.String(), "*"); err != nil {
		return fail(err)
	}
	f := store.EventFilter{AccountID: c.AccountID, IncludeReads: in.IncludeReads}
	if in.Attribute != "" {
		ok := false
		for _, k := range LookupAttributeKeys {
			if strings.EqualFold(k, in.Attribute) {
				f.Attribute, ok = k, true
			}
		}
		if !ok {
			return fail(&Error{Kind: KindInvalid, Code: "InvalidLookupAttributesException", Field: "attribute",
				Message: "Lookup attribute key " + in.Attribute + " is not valid."})
		}
		f.Value = strings.TrimSpace(in.Value)
		if f.Attribute == "ReadOnly" {
			f.Value = strings.ToLower(f.Value)
			if f.Value != "true" && f.Value != "false" {
				return fail(&Error{Kind: KindInvalid, Code: "InvalidLookupAttributesException", Field: "value",
					Message: "The ReadOnly attribute value must be true or false."})
			}
		}
	}
	now := s.Now()
	f.Start, f.End = in.Start, in.End
	if f.End.IsZero() {
		f.End = now.Add(time.Minute)
	}
	if f.Start.IsZero() || f.Start.Before(now.Add(-EventRetention)) {
		f.Start = now.Add(-EventRetention)
	}
	if f.Start.After(f.End) {
		return fail(&Error{Kind: KindInvalid, Code: "InvalidTimeRangeException", Field: "start",
			Message: "Start time must not be after end time."})
	}
	if in.NextToken != "" {
		seq, err := strconv.ParseInt(in.NextToken, 10, 64)
		if err != nil || seq <= 0 {
			return fail(&Error{Kind: KindInvalid, Code: "InvalidNextTokenException", Message: "A token that is not valid was provided."})
		}
		f.BeforeSeq = seq
	}
	n := in.MaxResults
	if n <= 0 {
		n = 50
	}
	n = min(n, 1000)
	f.Limit = n + 1
	rows, err := s.st.Read(ctx).Events(f)
	if err != nil {
		return nil, Internal(err)
	}
	s.Record(r)
	out := &LookupOutput{Events: make([]EventInfo, 0, min(len(rows), n))}
	for i, e := range rows {
		if i == n {
			out.NextToken = strconv.FormatInt(rows[n-1].Seq, 10)
			break
		}
		out.Events = append(out.Events, EventInfo{EventID: e.EventID, EventName: e.EventName, EventTime: e.EventTime,
			EventSource: e.EventSource, ReadOnly: e.ReadOnly, Username: e.Username, AccessKeyID: e.AccessKeyID,
			ResourceType: e.ResourceType, ResourceName: e.ResourceName, ErrorCode: e.ErrorCode,
			SharedEventID: e.SharedEventID, CloudTrailEvent: e.Record})
	}
	return out, nil
}
