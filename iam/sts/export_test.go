package sts

// AWS's messages, for tests that compare them.
const (
	MsgMFAInvalidCode = msgMFAInvalidCode
	MsgMFAUnknown     = msgMFAUnknown
	MsgMFABoth        = msgMFABoth
	MsgInvalidToken   = msgInvalidToken
	MsgExpiredToken   = msgExpiredToken
)
