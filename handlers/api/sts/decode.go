package sts

import (
	"context"
	"net/http"

	"iamconsole/handlers/api"
	"iamconsole/handlers/api/query"
	"iamconsole/iam"
	"iamconsole/iam/catalog"
	"iamconsole/resources/authzmsg"
)

type decodeAuthorizationMessageResult struct {
	DecodedMessage string
}

// maxEncodedMessage is EncodedMessage's length limit.
const maxEncodedMessage = 10240

// decodeAuthorizationMessage decodes the authorization message of a
// refusal (EC2's UnauthorizedOperation), for a caller allowed
// sts:DecodeAuthorizationMessage in the account the message was issued to.
func (a *Service) decodeAuthorizationMessage(r *query.Reader) query.Invoke {
	msg := r.Required("EncodedMessage")
	return func(ctx context.Context, c *iam.Caller) (any, error) {
		o, err := a.k.Begin(ctx, c, iam.SourceSTS, "DecodeAuthorizationMessage", catalog.STSDecodeAuthorizationMessage.String(), "*", map[string]any{"encodedMessage": "HIDDEN_DUE_TO_SECURITY_REASONS"})
		if err != nil {
			return nil, err
		}
		if len(msg) > maxEncodedMessage || msg == "" {
			return nil, o.Read(&api.Error{Status: http.StatusBadRequest, Code: "ValidationError",
				Message: "1 validation error detected: Value at 'encodedMessage' failed to satisfy constraint: Member must have length less than or equal to 10240"})
		}
		var m *authzmsg.Message
		if a.msgs != nil {
			m, err = a.msgs.Decode(c.AccountID, msg)
		}
		if a.msgs == nil || err != nil {
			return nil, o.Read(&iam.Error{Kind: iam.KindInvalid, Code: "InvalidAuthorizationMessageException", Message: "The message is invalid"})
		}
		return &decodeAuthorizationMessageResult{DecodedMessage: m.JSON()}, o.Read(nil)
	}
}
