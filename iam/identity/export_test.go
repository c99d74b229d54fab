package identity

import "context"

// NormPath is an entity's path as stored: "/" for "".
var NormPath = normPath

// UserARN is the ARN of a user.
var UserARN = userARN

// UseStep marks a TOTP step of a device used; a replayed code reports false.
func (s *Service) UseStep(ctx context.Context, serial string, step int64) (bool, error) {
	return s.useStep(ctx, serial, step)
}
