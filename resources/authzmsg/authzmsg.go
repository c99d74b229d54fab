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

// Sealer encrypts and authenticates bytes bound to associated data, as the
// kernel's sealer (iam.Sealer) does with the instance key.
type Sealer interface {
	Seal(plaintext []byte, ad string) []byte
	Open(sealed []byte, ad string) ([]byte, error)
}

// Codec seals and opens messages.
type Codec struct{ s Sealer }

// Over builds a codec sealing with s.
func Over(s Sealer) *Codec { return &Codec{s: s} }

// New builds a codec over a 32-byte key of its own.
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
	return Over(gcm{aead}), nil
}

// gcm is a Sealer over AES-GCM with a random nonce before the ciphertext.
type gcm struct{ aead cipher.AEAD }

func (g gcm) Seal(plain []byte, ad string) []byte {
	nonce := make([]byte, g.aead.NonceSize())
	rand.Read(nonce)
	return g.aead.Seal(nonce, nonce, plain, []byte(ad))
}

func (g gcm) Open(sealed []byte, ad string) ([]byte, error) {
	n := g.aead.NonceSize()
	if len(sealed) < n {
		return nil, ErrInvalid
	}
	return g.aead.Open(nil, sealed[:n], sealed[n:], []byte(ad))
}

// sealed is what an encoded message holds: the account it was issued to
// and the message.
type sealed struct {
	Account string  `json:"a"`
	Message Message `json:"m"`
}

// adPrefix binds a sealed message to its purpose and account, so that no
// other value the same key seals opens as a message.
const adPrefix = "authorization-message:"

// Encode seals m, issued to account, as URL-safe text.
func (c *Codec) Encode(account string, m *Message) string {
	plain, _ := json.Marshal(sealed{Account: account, Message: *m})
	return base64.RawURLEncoding.EncodeToString(c.s.Seal(plain, adPrefix+account))
}

// Decode opens a message for account; ErrInvalid when it cannot.
func (c *Codec) Decode(account, s string) (*Message, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrInvalid
	}
	plain, err := c.s.Open(raw, adPrefix+account)
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
