package authzmsg

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"sort"
)

// Items is AWS's list wrapper in decoded messages: {"items": […]}.
type Items[T any] struct {
	Items []T `json:"items"`
}

// Value is one value of a list.
type Value struct {
	Value string `json:"value"`
}

// Statement is a statement that matched the request.
type Statement struct {
	StatementID     string       `json:"statementId"`
	Effect          string       `json:"effect"` // ALLOW or DENY
	Principals      Items[Value] `json:"principals"`
	PrincipalGroups Items[Value] `json:"principalGroups"`
	Actions         Items[Value] `json:"actions"`
	Resources       Items[Value] `json:"resources"`
	Conditions      Items[Value] `json:"conditions"`
}

// Principal is who made the request.
type Principal struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	ARN  string `json:"arn"`
}

// Condition is one condition key of the request with its values.
type Condition struct {
	Key    string       `json:"key"`
	Values Items[Value] `json:"values"`
}

// Context is the request that was refused.
type Context struct {
	Principal  Principal        `json:"principal"`
	Action     string           `json:"action"`
	Resource   string           `json:"resource"`
	Conditions Items[Condition] `json:"conditions"`
}

// Message is a decoded authorization message, in AWS's shape.
type Message struct {
	Allowed           bool             `json:"allowed"`
	ExplicitDeny      bool             `json:"explicitDeny"`
	MatchedStatements Items[Statement] `json:"matchedStatements"`
	Failures          Items[Value]     `json:"failures"`
	Context           Context          `json:"context"`
}

// Conditions turns condition keys into the message's list, by key.
func Conditions(keys map[string][]string) Items[Condition] {
	out := Items[Condition]{Items: []Condition{}}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		c := Condition{Key: k, Values: Items[Value]{Items: []Value{}}}
		for _, v := range keys[k] {
			c.Values.Items = append(c.Values.Items, Value{Value: v})
		}
		out.Items = append(out.Items, c)
	}
	return out
}

// ErrInvalid is a message that was not issued by this server (or for
// another account), or was changed.
var ErrInvalid = errors.New("authzmsg: invalid message")

// Codec seals and opens messages with one key.
type Codec struct{ aead cipher.AEAD }

// New builds a codec over a 32-byte key.
func New(key []byte) (*Codec, error) {
	if len(key) != 32 {
		return nil, errors.New("authzmsg: the key must have 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Codec{aead: aead}, nil
}

// sealed is what an encoded message holds: the account it was issued to
// and the message.
type sealed struct {
	Account string  `json:"a"`
	Message Message `json:"m"`
}

// Encode seals m, issued to account, as URL-safe text.
func (c *Codec) Encode(account string, m *Message) string {
	plain, _ := json.Marshal(sealed{Account: account, Message: *m})
	nonce := make([]byte, c.aead.NonceSize())
	rand.Read(nonce)
	out := c.aead.Seal(nonce, nonce, plain, []byte(account))
	return base64.RawURLEncoding.EncodeToString(out)
}

// Decode opens a message for account; ErrInvalid when it cannot.
func (c *Codec) Decode(account, s string) (*Message, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	n := c.aead.NonceSize()
	if err != nil || len(raw) < n+c.aead.Overhead() {
		return nil, ErrInvalid
	}
	plain, err := c.aead.Open(nil, raw[:n], raw[n:], []byte(account))
	if err != nil {
		return nil, ErrInvalid
	}
	var sl sealed
	if err := json.Unmarshal(plain, &sl); err != nil || sl.Account != account {
		return nil, ErrInvalid
	}
	return &sl.Message, nil
}

// JSON renders a message as DecodeAuthorizationMessage answers it.
func (m *Message) JSON() string {
	cp := *m
	if cp.MatchedStatements.Items == nil {
		cp.MatchedStatements.Items = []Statement{}
	}
	if cp.Failures.Items == nil {
		cp.Failures.Items = []Value{}
	}
	if cp.Context.Conditions.Items == nil {
		cp.Context.Conditions.Items = []Condition{}
	}
	b, _ := json.Marshal(cp)
	return string(b)
}
