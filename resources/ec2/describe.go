package ec2

import (
	"context"
	"encoding/base64"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/store"
)

// Filter is a Filter.N of a Describe request.
type Filter struct {
	Name   string
	Values []string
	// globs are the values with wildcards, as path.Match patterns (see
	// prepared); nil until then.
	globs []string
}

// prepared returns fs with their wildcard values compiled once.
func prepared(fs []Filter) []Filter {
	out := make([]Filter, len(fs))
	for k, f := range fs {
		out[k] = Filter{Name: f.Name}
		for _, v := range f.Values {
			if strings.ContainsAny(v, "*?\\") {
				out[k].globs = append(out[k].globs, globOf(v))
			} else {
				out[k].Values = append(out[k].Values, v)
			}
		}
	}
	return out
}

// matchValue reports whether v matches one of f's values, with EC2's
// wildcards (* any run of characters, ? one character; \ escapes).
func (f *Filter) matchValue(v string) bool {
	for _, p := range f.Values {
		if p == v {
			return true
		}
	}
	for _, g := range f.globs {
		if ok, err := path.Match(g, v); err == nil && ok {
			return true
		}
	}
	return false
}

// match reports whether v matches one of values, wildcards included.
func match(values []string, v string) bool {
	f := prepared([]Filter{{Values: values}})[0]
	return f.matchValue(v)
}

// globOf turns an EC2 filter value into a path.Match pattern: only * and ?
// are special.
func globOf(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '\\':
			if i+1 < len(p) {
				i++
				b.WriteByte('\\')
				b.WriteByte(p[i])
			} else {
				b.WriteString(`\\`)
			}
		case '[', ']', '/':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// instanceFilters are the single-valued DescribeInstances filters this
// simulation answers, each reading an instance (in state st); tag-key,
// tag-value and tag:<key> are matched apart.
var instanceFilters = map[string]func(i *Instance, st State) string{
	"instance-state-name": func(_ *Instance, st State) string { return st.Name },
	"instance-state-code": func(_ *Instance, st State) string { return strconv.Itoa(st.Code) },
	"instance-id":         func(i *Instance, _ State) string { return i.ID },
	"instance-type":       func(i *Instance, _ State) string { return i.InstanceType },
	"image-id":            func(i *Instance, _ State) string { return i.ImageID },
	"reservation-id":      func(i *Instance, _ State) string { return i.ReservationID },
	"owner-id":            func(i *Instance, _ State) string { return i.OwnerID },
	"availability-zone":   func(i *Instance, _ State) string { return i.AvailabilityZone },
	"vpc-id":              func(i *Instance, _ State) string { return i.VpcID },
	"subnet-id":           func(i *Instance, _ State) string { return i.SubnetID },
	"private-ip-address":  func(i *Instance, _ State) string { return i.PrivateIP },
	"ip-address":          func(i *Instance, _ State) string { return i.PublicIP },
	"architecture":        func(i *Instance, _ State) string { return i.Architecture },
	"client-token":        func(i *Instance, _ State) string { return i.ClientToken },
}

// checkFilters refuses filters a request does not know and filters
// without values.
func checkFilters(fs []Filter, known func(name string) bool) error {
	for _, f := range fs {
		if f.Name == "" {
			return ec2Error(iam.KindInvalid, "InvalidParameterValue", "The filter 'null' is invalid")
		}
		if !known(f.Name) {
			return ec2Error(iam.KindInvalid, "InvalidParameterValue", "The filter '%s' is invalid", f.Name)
		}
		if len(f.Values) == 0 {
			return ec2Error(iam.KindInvalid, "InvalidParameterValue", "The filter '%s' requires a value", f.Name)
		}
	}
	return nil
}

func knownInstanceFilter(name string) bool {
	_, ok := instanceFilters[name]
	return ok || name == "tag-key" || name == "tag-value" || strings.HasPrefix(name, "tag:") && len(name) > 4
}

// matches reports whether an instance, in state st, passes every filter.
func matches(i *Instance, st State, fs []Filter) bool {
	for k := range fs {
		if !matchFilter(i, st, &fs[k]) {
			return false
		}
	}
	return true
}

func matchFilter(i *Instance, st State, f *Filter) bool {
	switch {
	case f.Name == "tag-key":
		for _, t := range i.Tags {
			if f.matchValue(t.Key) {
				return true
			}
		}
		return false
	case f.Name == "tag-value":
		for _, t := range i.Tags {
			if f.matchValue(t.Value) {
				return true
			}
		}
		return false
	case strings.HasPrefix(f.Name, "tag:"):
		key := f.Name[4:]
		for _, t := range i.Tags {
			if t.Key == key && f.matchValue(t.Value) {
				return true
			}
		}
		return false
	}
	return f.matchValue(instanceFilters[f.Name](i, st))
}

// DescribeInput is DescribeInstances' request.
type DescribeInput struct {
	InstanceIDs []string
	Filters     []Filter
	MaxResults  *int
	NextToken   string
	DryRun      bool
}

// DescribeOutput is a page of reservations.
type DescribeOutput struct {
	Reservations []Reservation
	NextToken    string
}

// notFoundIDs is InvalidInstanceID.NotFound for ids.
func notFoundIDs(ids []string) error {
	if len(ids) == 1 {
		return ec2Error(iam.KindInvalid, "InvalidInstanceID.NotFound", "The instance ID '%s' does not exist", ids[0])
	}
	return ec2Error(iam.KindInvalid, "InvalidInstanceID.NotFound", "The instance IDs '%s' do not exist", strings.Join(ids, ", "))
}

// checkInstanceIDs refuses malformed instance IDs.
func checkInstanceIDs(ids []string) error {
	for _, id := range ids {
		if !validID(id, "i") {
			return ec2Error(iam.KindInvalid, "InvalidInstanceID.Malformed", "Invalid id: %q", id)
		}
	}
	return nil
}

// DescribeInstances lists instances, by ID or filters, in pages.
func (s *Service) DescribeInstances(ctx context.Context, c *iam.Caller, in DescribeInput) (*DescribeOutput, error) {
	o := s.begin(ctx, c, "DescribeInstances", describeParams(in), true)
	if err := checkInstanceIDs(in.InstanceIDs); err != nil {
		return nil, fail(o, err)
	}
	if err := checkFilters(in.Filters, knownInstanceFilter); err != nil {
		return nil, fail(o, err)
	}
	limit := 0
	if in.MaxResults != nil {
		if len(in.InstanceIDs) > 0 {
			return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults"))
		}
		limit = *in.MaxResults
		if limit < 5 || limit > 1000 {
			return nil, fail(o, invalidValue("Value ( %d ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.", limit))
		}
	}
	var after int64
	if in.NextToken != "" {
		n, err := decodeToken(in.NextToken)
		if err != nil {
			return nil, fail(o, ec2Error(iam.KindInvalid, "InvalidParameterValue", "Invalid value '%s' for nextToken", in.NextToken))
		}
		after = n
	}
	if err := s.authorize(ctx, o, c, false, check{catalog.EC2DescribeInstances.String(), "*", nil}); err != nil {
		return nil, err
	}
	if in.DryRun {
		return nil, fail(o, ErrDryRun)
	}
	set, err := s.instances(ctx, scope{c.AccountID, regionOf(c)})
	if err != nil {
		return nil, fail(o, err)
	}
	now := s.svc.Now()
	want := map[string]bool{}
	for _, id := range in.InstanceIDs {
		want[id] = true
	}
	found := make(map[string]bool, len(want))
	out := &DescribeOutput{}
	// Most filters read what does not depend on the state: the rest of an
	// answer is made only for the instances that match.
	full := false
	filters := prepared(in.Filters)
	for _, f := range in.Filters {
		switch f.Name {
		case "ip-address", "private-ip-address", "subnet-id", "vpc-id":
			full = true
		}
	}
	index := map[string]int{}
	count := 0
	for k := range set.instances {
		row := &set.instances[k]
		if !visible(row, now) || row.Seq <= after || len(want) > 0 && !want[row.ID] {
			continue
		}
		if len(want) > 0 {
			found[row.ID] = true
		}
		if !full && !matches(&set.views[k], stateOf(currentState(row, now)), filters) {
			continue
		}
		v := set.views[k]
		refresh(&v, row, now)
		if full && !matches(&v, v.State, filters) {
			continue
		}
		if limit > 0 && count == limit {
			out.NextToken = encodeToken(set.instances[k-1].Seq)
			break
		}
		count++
		at, ok := index[row.ReservationID]
		if !ok {
			at = len(out.Reservations)
			index[row.ReservationID] = at
			out.Reservations = append(out.Reservations, Reservation{ID: row.ReservationID, OwnerID: row.AccountID})
		}
		out.Reservations[at].Instances = append(out.Reservations[at].Instances, v)
	}
	var missing []string
	for _, id := range in.InstanceIDs {
		if !found[id] && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, fail(o, notFoundIDs(missing))
	}
	return out, done(o, nil)
}

func describeParams(in DescribeInput) map[string]any {
	p := map[string]any{}
	if len(in.InstanceIDs) > 0 {
		items := make([]map[string]string, len(in.InstanceIDs))
		for i, id := range in.InstanceIDs {
			items[i] = map[string]string{"instanceId": id}
		}
		p["instancesSet"] = map[string]any{"items": items}
	}
	if len(in.Filters) > 0 {
		items := make([]map[string]any, len(in.Filters))
		for i, f := range in.Filters {
			items[i] = map[string]any{"name": f.Name, "valueSet": f.Values}
		}
		p["filterSet"] = map[string]any{"items": items}
	}
	if in.MaxResults != nil {
		p["maxResults"] = *in.MaxResults
	}
	return p
}

func encodeToken(seq int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte("seq:" + strconv.FormatInt(seq, 10)))
}

func decodeToken(t string) (int64, error) {
	b, err := base64.RawURLEncoding.DecodeString(t)
	if err != nil {
		return 0, err
	}
	n, ok := strings.CutPrefix(string(b), "seq:")
	if !ok {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseInt(n, 10, 64)
}

// transition is what a state-changing request does to an instance in a
// state: the state it enters, the state after, or a refusal.
type transition struct {
	action  string // ec2:StopInstances, …
	event   string
	verb    string // stopped, started, … for IncorrectInstanceState
	to      func(st string) (now, next string, ok bool)
	reason  string
	changes bool // answers StateChanges
}

var transitions = map[string]transition{
	"stop": {action: catalog.EC2StopInstances.String(), event: "StopInstances", verb: "stopped", changes: true, reason: "Client.UserInitiatedShutdown" + reasonSep + "Client.UserInitiatedShutdown: User initiated shutdown",
		to: func(st string) (string, string, bool) {
			switch st {
			case "pending", "running":
				return "stopping", "stopped", true
			case "stopping", "stopped":
				return st, "", true
			}
			return "", "", false
		}},
	"start": {action: catalog.EC2StartInstances.String(), event: "StartInstances", verb: "started", changes: true,
		to: func(st string) (string, string, bool) {
			switch st {
			case "stopped":
				return "pending", "running", true
			case "pending", "running":
				return st, "", true
			}
			return "", "", false
		}},
	"terminate": {action: catalog.EC2TerminateInstances.String(), event: "TerminateInstances", verb: "terminated", changes: true, reason: "Client.UserInitiatedShutdown" + reasonSep + "Client.UserInitiatedShutdown: User initiated shutdown",
		to: func(st string) (string, string, bool) {
			switch st {
			case "terminated", "shutting-down":
				return st, "", true
			}
			return "shutting-down", "terminated", true
		}},
	"reboot": {action: catalog.EC2RebootInstances.String(), event: "RebootInstances", verb: "rebooted",
		to: func(st string) (string, string, bool) {
			switch st {
			case "running", "pending":
				return st, "", true
			}
			return "", "", false
		}},
}

// Change runs a state change ("stop", "start", "terminate", "reboot") on
// instances and answers their states before and after.
func (s *Service) Change(ctx context.Context, c *iam.Caller, op string, ids []string, dryRun bool) ([]StateChange, error) {
	tr := transitions[op]
	region := regionOf(c)
	sc := scope{c.AccountID, region}
	items := make([]map[string]string, len(ids))
	for i, id := range ids {
		items[i] = map[string]string{"instanceId": id}
	}
	o := s.begin(ctx, c, tr.event, map[string]any{"instancesSet": map[string]any{"items": items}}, false)
	if len(ids) == 0 {
		return nil, fail(o, ec2Error(iam.KindInvalid, "MissingParameter", "The request must contain the parameter InstanceId"))
	}
	if err := checkInstanceIDs(ids); err != nil {
		return nil, fail(o, err)
	}
	set, err := s.instances(ctx, sc)
	if err != nil {
		return nil, fail(o, err)
	}
	now := s.svc.Now().UTC()
	byID := map[string]*store.EC2Instance{}
	for k := range set.instances {
		if i := &set.instances[k]; visible(i, now) {
			byID[i.ID] = i
		}
	}
	var missing []string
	for _, id := range ids {
		if byID[id] == nil && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, fail(o, notFoundIDs(missing))
	}
	var checks []check
	for _, id := range ids {
		i := byID[id]
		keys := map[string][]string{"ec2:InstanceType": {i.InstanceType}}
		for _, t := range set.tags[id] {
			keys["ec2:ResourceTag/"+t.Key] = []string{t.Value}
			keys["aws:ResourceTag/"+t.Key] = []string{t.Value}
		}
		checks = append(checks, check{tr.action, InstanceARN(region, c.AccountID, id), keys})
		o.Rec.Resources = append(o.Rec.Resources, iam.Resource{ARN: InstanceARN(region, c.AccountID, id), AccountID: c.AccountID, Type: "AWS::EC2::Instance"})
	}
	if err := s.authorize(ctx, o, c, true, checks...); err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, _, ok := tr.to(currentState(byID[id], now)); !ok {
			return nil, fail(o, ec2Error(iam.KindInvalid, "IncorrectInstanceState", "The instance '%s' is not in a state from which it can be %s.", id, tr.verb))
		}
	}
	if dryRun {
		return nil, fail(o, ErrDryRun)
	}
	var out []StateChange
	var updates []store.EC2Instance
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		i := *byID[id]
		prev := currentState(&i, now)
		cur, next, _ := tr.to(prev)
		out = append(out, StateChange{InstanceID: id, Previous: stateOf(prev), Current: stateOf(cur)})
		if next == "" {
			continue
		}
		i.State, i.StateAt, i.NextState = cur, now, next
		at := now.Add(map[string]time.Duration{"stopping": StoppingFor, "pending": PendingFor, "shutting-down": ShuttingDownFor}[cur])
		i.NextAt = &at
		if tr.reason != "" {
			i.StateReason = tr.reason
			i.TransitionReason = "User initiated (" + now.Format("2006-01-02 15:04:05") + " GMT)"
		} else {
			i.StateReason, i.TransitionReason = "", ""
		}
		if next == "terminated" {
			gone := at.Add(TerminatedFor)
			i.GoneAt = &gone
		}
		updates = append(updates, i)
	}
	if len(updates) > 0 {
		err = s.write(ctx, sc, func(q *store.Q) error {
			for k := range updates {
				if err := q.UpdateEC2Instance(&updates[k]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return nil, fail(o, err)
		}
	}
	if tr.changes {
		items := make([]map[string]any, len(out))
		for k, ch := range out {
			items[k] = map[string]any{"instanceId": ch.InstanceID, "currentState": map[string]any{"code": ch.Current.Code, "name": ch.Current.Name},
				"previousState": map[string]any{"code": ch.Previous.Code, "name": ch.Previous.Name}}
		}
		o.Rec.ResponseElements = map[string]any{"instancesSet": map[string]any{"items": items}}
	}
	return out, done(o, nil)
}
