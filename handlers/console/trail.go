package console

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/views"
)

// Trail serves the event history.
type Trail struct{ svc *iam.Service }

// NewTrail builds the event-history handler.
func NewTrail(svc *iam.Service) *Trail { return &Trail{svc: svc} }

const localTime = "2006-01-02T15:04"

// filter reads the event-history filter from the query.
func trailFilter(c echo.Context) (iam.LookupInput, url.Values, map[string]string) {
	in := iam.LookupInput{Attribute: c.QueryParam("attr"), Value: c.QueryParam("value"),
		IncludeReads: c.QueryParam("reads") == "1", NextToken: c.QueryParam("next")}
	errs := map[string]string{}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"start", &in.Start}, {"end", &in.End}} {
		v := c.QueryParam(f.name)
		if v == "" {
			continue
		}
		t, err := time.Parse(localTime, v)
		if err != nil {
			t, err = time.Parse(time.RFC3339, v)
		}
		if err != nil {
			errs[f.name] = "Enter the " + f.name + " time as YYYY-MM-DDTHH:MM (UTC)."
			continue
		}
		*f.dst = t.UTC()
	}
	if in.Value == "" {
		in.Attribute = ""
	}
	q := url.Values{}
	for _, k := range []string{"attr", "value", "start", "end", "reads"} {
		if v := c.QueryParam(k); v != "" {
			q.Set(k, v)
		}
	}
	return in, q, errs
}

func trailRow(e iam.EventInfo) views.TrailRow {
	return views.TrailRow{EventID: e.EventID, EventTime: views.FormatTimeSeconds(e.EventTime), Username: e.Username,
		EventName: e.EventName, EventSource: e.EventSource, ResourceType: e.ResourceType, ResourceName: e.ResourceName,
		AccessKeyID: e.AccessKeyID, ErrorCode: e.ErrorCode, ReadOnly: e.ReadOnly}
}

// List shows events newest first.
func (h *Trail) List(c echo.Context) error {
	in, q, errs := trailFilter(c)
	vm := views.TrailVM{Attributes: iam.LookupAttributeKeys, Attribute: in.Attribute, Value: in.Value,
		Start: c.QueryParam("start"), End: c.QueryParam("end"), IncludeReads: in.IncludeReads, ExportQuery: q.Encode(), FieldErrors: errs}
	status := http.StatusOK
	if len(errs) == 0 {
		out, err := h.svc.LookupEvents(c.Request().Context(), Caller(c), in)
		if err != nil {
			if !iam.IsKind(err, iam.KindInvalid) {
				return Fail(c, err)
			}
			errs[iam.AsError(err).Field] = iam.AsError(err).Message
			status = http.StatusUnprocessableEntity
		} else {
			for _, e := range out.Events {
				vm.Rows = append(vm.Rows, trailRow(e))
			}
			if out.NextToken != "" {
				next := url.Values{}
				for k, v := range q {
					next[k] = v
				}
				next.Set("next", out.NextToken)
				vm.NextURL = "/trail?" + next.Encode()
			}
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	return Render(c, status, views.TrailPage(PageFor(c, "Event history", "trail"), vm))
}

// Detail shows one event and its record.
func (h *Trail) Detail(c echo.Context) error {
	out, err := h.svc.LookupEvents(c.Request().Context(), Caller(c), iam.LookupInput{Attribute: "EventId", Value: c.Param("id"), MaxResults: 1})
	if err != nil {
		return Fail(c, err)
	}
	if len(out.Events) == 0 {
		return Fail(c, &iam.Error{Kind: iam.KindNotFound, Code: "NotFound", Message: "No event with ID " + c.Param("id") + " in this account."})
	}
	e := out.Events[0]
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(e.CloudTrailEvent), "", "  ") != nil {
		buf.Reset()
		buf.WriteString(e.CloudTrailEvent)
	}
	return Render(c, http.StatusOK, views.TrailDetailPage(PageFor(c, e.EventName, "trail"), views.TrailDetailVM{Row: trailRow(e), JSON: buf.String()}))
}

// Export downloads the filtered events (up to 1,000) as JSON records or CSV.
func (h *Trail) Export(c echo.Context) error {
	in, _, errs := trailFilter(c)
	if len(errs) > 0 {
		return Fail(c, &iam.Error{Kind: iam.KindInvalid, Code: "InvalidTimeRangeException", Message: "The time range is not valid."})
	}
	in.MaxResults, in.NextToken = 1000, ""
	out, err := h.svc.LookupEvents(c.Request().Context(), Caller(c), in)
	if err != nil {
		return Fail(c, err)
	}
	name := "event_history_" + strconv.FormatInt(time.Now().Unix(), 10)
	if c.QueryParam("format") == "csv" {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{"Event ID", "Event time", "User name", "Event name", "Event source", "Resource type", "Resource name", "AWS access key", "Read-only", "Error code", "CloudTrail event"})
		for _, e := range out.Events {
			w.Write([]string{e.EventID, e.EventTime.UTC().Format(time.RFC3339), e.Username, e.EventName, e.EventSource,
				e.ResourceType, e.ResourceName, e.AccessKeyID, strconv.FormatBool(e.ReadOnly), e.ErrorCode, e.CloudTrailEvent})
		}
		w.Flush()
		c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
		return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
	records := make([]json.RawMessage, 0, len(out.Events))
	for _, e := range out.Events {
		records = append(records, json.RawMessage(e.CloudTrailEvent))
	}
	b, err := json.MarshalIndent(map[string]any{"Records": records}, "", "  ")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
	return c.Blob(http.StatusOK, "application/json", b)
}
