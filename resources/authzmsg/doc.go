// Package authzmsg encodes and decodes the authorization failure messages
// EC2 returns with UnauthorizedOperation: the decision (allowed, explicit
// deny, the statements that matched), the principal, action, resource and
// condition keys of the refused request, as STS DecodeAuthorizationMessage
// shows them. A message is sealed with the server's instance key (the kernel's
// sealer, through the Sealer interface), so only STS can read it, and only
// for the account it was issued to.
//
// It imports the standard library only.
package authzmsg
