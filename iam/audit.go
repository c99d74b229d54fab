package iam

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"time"

	"iamconsole/store"
)

// Event sources as CloudTrail names them.
const (
	SourceIAM           = "iam.amazonaws.com"
	SourceSTS           = "sts.amazonaws.com"
	SourceSignIn        = "signin.amazonaws.com"
	SourceOrganizations = "organizations.amazonaws.com"
	SourceCloudTrail    = "cloudtrail.amazonaws.com"
)

// ExpirationFormat is how CloudTrail writes a credential's expiration in
// responseElements ("Oct 2, 2019, 11:12:29 PM", UTC), for every event that
// issues credentials, from the API or the console.
const ExpirationFormat = "Jan 2, 2006, 3:04:05 PM"

// Record is one CloudTrail event record, with CloudTrail's field names.
type Record struct {
	EventVersion        string         `json:"eventVersion"`
	UserIdentity        UserIdentity   `json:"userIdentity"`
	EventTime           string         `json:"eventTime"`
	EventSource         string         `json:"eventSource"`
	EventName           string         `json:"eventName"`
	AWSRegion           string         `json:"awsRegion"`
	SourceIPAddress     string         `json:"sourceIPAddress"`
	UserAgent           string         `json:"userAgent"`
	ErrorCode           string         `json:"errorCode,omitempty"`
	ErrorMessage        string         `json:"errorMessage,omitempty"`
	RequestParameters   any            `json:"requestParameters"`
	ResponseElements    any            `json:"responseElements"`
	AdditionalEventData map[string]any `json:"additionalEventData,omitempty"`
	RequestID           string         `json:"requestID"`
	EventID             string         `json:"eventID"`
	ReadOnly            bool           `json:"readOnly"`
	Resources           []Resource     `json:"resources,omitempty"`
	EventType           string         `json:"eventType"`
	ManagementEvent     bool           `json:"managementEvent"`
	RecipientAccountID  string         `json:"recipientAccountId"`
	SharedEventID       string         `json:"sharedEventID,omitempty"`
	EventCategory       string         `json:"eventCategory"`
}

// Resource is an entry of a record's resources list.
type Resource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId"`
	Type      string `json:"type"`
}

// UserIdentity is CloudTrail's userIdentity element.
type UserIdentity struct {
	Type           string          `json:"type"`
	PrincipalID    string          `json:"principalId,omitempty"`
	ARN            string          `json:"arn,omitempty"`
	AccountID      string          `json:"accountId,omitempty"`
	AccessKeyID    string          `json:"accessKeyId,omitempty"`
	UserName       string          `json:"userName,omitempty"`
	SessionContext *SessionContext `json:"sessionContext,omitempty"`
	InvokedBy      string          `json:"invokedBy,omitempty"`
}

// SessionContext is userIdentity.sessionContext.
type SessionContext struct {
	SessionIssuer  *SessionIssuer    `json:"sessionIssuer,omitempty"`
	Attributes     map[string]string `json:"attributes"`
	SourceIdentity string            `json:"sourceIdentity,omitempty"`
}

// SessionIssuer is sessionContext.sessionIssuer.
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// IdentityOf renders c as CloudTrail's userIdentity.
func IdentityOf(c *Caller) UserIdentity {
	if c == nil {
		return UserIdentity{Type: "Unknown"}
	}
	attrs := func() map[string]string {
		created := c.IssuedAt
		if created.IsZero() {
			created = time.Now()
		}
		return map[string]string{"mfaAuthenticated": boolString(c.MFA), "creationDate": created.UTC().Format(time.RFC3339)}
	}
	switch c.Type {
	case CallerRoot:
		u := UserIdentity{Type: "Root", PrincipalID: c.AccountID, ARN: c.ARN, AccountID: c.AccountID, AccessKeyID: c.AccessKeyID}
		if c.Temporary {
			u.SessionContext = &SessionContext{Attributes: attrs()}
		}
		return u
	case CallerFederatedUser:
		issuer := &SessionIssuer{Type: "IAMUser", PrincipalID: c.UserID, ARN: c.SourceARN, AccountID: c.AccountID, UserName: c.UserName}
		if c.UserID == "" {
			issuer = &SessionIssuer{Type: "Root", PrincipalID: c.AccountID, ARN: c.SourceARN, AccountID: c.AccountID}
		}
		return UserIdentity{Type: "FederatedUser", PrincipalID: c.UserIDKey(), ARN: c.ARN, AccountID: c.AccountID,
			AccessKeyID: c.AccessKeyID, SessionContext: &SessionContext{SessionIssuer: issuer, Attributes: attrs()}}
	case CallerAssumedRole:
		return UserIdentity{Type: "AssumedRole", PrincipalID: c.UniqueID + ":" + c.SessionName, ARN: c.ARN,
			AccountID: c.AccountID, AccessKeyID: c.AccessKeyID,
			SessionContext: &SessionContext{
				SessionIssuer:  &SessionIssuer{Type: "Role", PrincipalID: c.UniqueID, ARN: c.RoleARN, AccountID: c.AccountID, UserName: c.RoleName},
				Attributes:     attrs(),
				SourceIdentity: c.SourceIdentity,
			}}
	default:
		u := UserIdentity{Type: "IAMUser", PrincipalID: c.UniqueID, ARN: c.ARN, AccountID: c.AccountID, AccessKeyID: c.AccessKeyID, UserName: c.UserName}
		if c.Temporary {
			u.SessionContext = &SessionContext{Attributes: attrs()}
		}
		return u
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// NewEvent starts a record for c with the common fields filled in; its
// requestID is the request ID of ctx (see WithRequestID), the one the
// response carries, or a fresh one outside a request.
func NewEvent(ctx context.Context, c *Caller, source, name string, at time.Time) *Record {
	id := RequestIDFrom(ctx)
	if id == "" {
		id = NewUUID()
	}
	r := &Record{
		EventVersion: "1.09", UserIdentity: IdentityOf(c), EventTime: at.UTC().Format(time.RFC3339),
		EventSource: source, EventName: name, AWSRegion: "us-east-1",
		RequestID: id, EventID: NewEventID(at), EventType: "AwsApiCall", ManagementEvent: true,
		EventCategory: "Management",
	}
	if c != nil {
		r.SourceIPAddress, r.UserAgent, r.RecipientAccountID = c.SourceIP, c.UserAgent, c.AccountID
		if source == SourceSTS && c.Region != "" {
			r.AWSRegion = c.Region
		}
		if c.Console && c.UserAgent != "" {
			r.UserAgent = c.UserAgent
		}
	}
	return r
}

// NewEventID is a time-ordered UUID (version 7): a UUID like CloudTrail's,
// but event IDs recorded together sort together, so the unique index on
// event IDs grows at its end instead of touching a random page per event.
func NewEventID(at time.Time) string {
	var b [16]byte
	rand.Read(b[6:])
	ms := uint64(at.UnixMilli())
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	return formatUUID(b, 7)
}

// recordBuf is a reusable JSON encoder of records: json.Marshal returns a
// fresh slice that the row's string then copies again.
type recordBuf struct {
	buf bytes.Buffer
	enc *json.Encoder
}

var recordBufs = sync.Pool{New: func() any {
	rb := &recordBuf{}
	rb.enc = json.NewEncoder(&rb.buf) // escapes HTML as json.Marshal does
	return rb
}}

// marshal is json.Marshal(r) as a string, with one copy.
func (r *Record) marshal() string {
	rb := recordBufs.Get().(*recordBuf)
	rb.buf.Reset()
	if err := rb.enc.Encode(r); err != nil {
		return ""
	}
	out := string(bytes.TrimSuffix(rb.buf.Bytes(), []byte("\n")))
	if rb.buf.Cap() <= 64<<10 {
		recordBufs.Put(rb)
	}
	return out
}

// Row turns a record into its store row.
func (r *Record) Row() store.Event {
	t, _ := time.Parse(time.RFC3339, r.EventTime)
	e := store.Event{EventID: r.EventID, AccountID: r.RecipientAccountID, EventTime: t, EventName: r.EventName,
		EventSource: r.EventSource, ReadOnly: r.ReadOnly, AccessKeyID: r.UserIdentity.AccessKeyID,
		ErrorCode: r.ErrorCode, SharedEventID: r.SharedEventID, Record: r.marshal()}
	e.Username = r.UserIdentity.UserName
	if e.Username == "" && r.UserIdentity.SessionContext != nil && r.UserIdentity.SessionContext.SessionIssuer != nil {
		// CloudTrail shows the session name for role sessions.
		_, e.Username, _ = strings.Cut(r.UserIdentity.PrincipalID, ":")
	}
	if e.Username == "" && r.UserIdentity.Type == "Root" {
		e.Username = "root"
	}
	if len(r.Resources) > 0 {
		e.ResourceType, e.ResourceName = r.Resources[0].Type, r.Resources[0].ARN
	}
	return e
}

// auditor appends events in batches off the request path: each batch is one
// write transaction (group commit) that also records the roles' last uses,
// coalesced in memory since the previous batch. A clean Close writes
// everything queued; an event recorded after Close is written at once.
type auditor struct {
	st    *store.Store
	log   *slog.Logger
	ch    chan store.Event
	done  chan struct{}
	flush chan chan struct{}

	mu     sync.RWMutex // held for reading while queueing, for writing by Close
	closed bool

	usesMu sync.Mutex
	uses   map[string]store.RoleUse // role ID → last use not yet written
	known  sync.Map                 // role ID → store.RoleUse, the latest use seen
}

// maxBatch bounds the events of one group commit.
const maxBatch = 1024

func newAuditor(st *store.Store, log *slog.Logger) *auditor {
	a := &auditor{st: st, log: log, ch: make(chan store.Event, 8192), done: make(chan struct{}),
		flush: make(chan chan struct{}), uses: map[string]store.RoleUse{}}
	go a.run()
	return a
}

func (a *auditor) add(r *Record) {
	e := r.Row()
	a.mu.RLock()
	if !a.closed {
		a.ch <- e
		a.mu.RUnlock()
		return
	}
	a.mu.RUnlock()
	a.write([]store.Event{e})
}

// roleUsed notes that a role was used at t in region; the next batch writes
// it, and lastUse reports it until then.
func (a *auditor) roleUsed(roleID string, t time.Time, region string) {
	u := store.RoleUse{RoleID: roleID, At: t.UTC(), Region: region}
	if v, ok := a.known.Load(roleID); ok && !v.(store.RoleUse).At.Before(u.At) {
		return
	}
	a.usesMu.Lock()
	if p, ok := a.uses[roleID]; !ok || p.At.Before(u.At) {
		a.uses[roleID] = u
	}
	a.usesMu.Unlock()
	a.known.Store(roleID, u)
	a.mu.RLock()
	closed := a.closed
	a.mu.RUnlock()
	if closed {
		a.write(nil)
	}
}

// lastUse is the latest use of a role seen by this process, if any.
func (a *auditor) lastUse(roleID string) (store.RoleUse, bool) {
	v, ok := a.known.Load(roleID)
	if !ok {
		return store.RoleUse{}, false
	}
	return v.(store.RoleUse), true
}

// write stores a batch and the pending role uses in one transaction.
func (a *auditor) write(batch []store.Event) {
	a.usesMu.Lock()
	var uses []store.RoleUse
	if len(a.uses) > 0 {
		uses = make([]store.RoleUse, 0, len(a.uses))
		for _, u := range a.uses {
			uses = append(uses, u)
		}
		clear(a.uses)
	}
	a.usesMu.Unlock()
	if len(batch) == 0 && len(uses) == 0 {
		return
	}
	if err := a.st.AppendEvents(context.Background(), batch, uses); err != nil {
		a.log.Error("audit: write events", "count", len(batch), "roles", len(uses), "err", err)
	}
}

// batchWindow is how long the writer collects events after the first one
// of a batch: fewer, larger transactions cost far less than one per event.
const batchWindow = 10 * time.Millisecond

func (a *auditor) run() {
	defer close(a.done)
	batch := make([]store.Event, 0, maxBatch)
	// drain adds what is queued without waiting; false when the queue closed.
	drain := func() bool {
		for {
			select {
			case e, ok := <-a.ch:
				if !ok {
					return false
				}
				batch = append(batch, e)
			default:
				return true
			}
		}
	}
	for {
		var replies []chan struct{}
		open := true
		select {
		case e, ok := <-a.ch:
			if !ok {
				open = false
				break
			}
			batch = append(batch, e)
			window := time.NewTimer(batchWindow)
		collect:
			for len(batch) < maxBatch {
				select {
				case e, ok := <-a.ch:
					if !ok {
						open = false
						break collect
					}
					batch = append(batch, e)
				case reply := <-a.flush:
					replies = append(replies, reply)
					open = drain()
					break collect
				case <-window.C:
					break collect
				}
			}
			window.Stop()
		case reply := <-a.flush:
			replies = append(replies, reply)
			open = drain()
		}
		a.write(batch)
		batch = batch[:0]
		for _, r := range replies {
			close(r)
		}
		if !open {
			return
		}
	}
}

// Flush waits until every event queued so far is written.
func (a *auditor) Flush() {
	reply := make(chan struct{})
	select {
	case a.flush <- reply:
		<-reply
	case <-a.done:
	}
}

// Close writes everything queued and stops the writer.
func (a *auditor) Close() {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.ch)
	}
	a.mu.Unlock()
	<-a.done
}
