// Package authzmsg encodes and decodes the authorization failure messages
// EC2 returns with UnauthorizedOperation: the decision (allowed, explicit
// deny, the statements that matched), the principal, action, resource and
// condition keys of the refused request, as STS DecodeAuthorizationMessage
// shows them. A message is sealed with a key the server is built with, so
// only STS can read it, and only for the account it was issued to.
//
// It imports the standard library only.
package authzmsg
