package identity

import (
	"context"
	"time"

	"iamconsole/iam"
	"iamconsole/store"
)

// CheckMFACode checks a one-time code against the enabled MFA device d
// and, when it is one of the device's current codes, uses up its time
// step, so that a code is accepted once: matched says the code is the
// device's, fresh that its step was not used before.
func (s *Service) CheckMFACode(ctx context.Context, d *store.MFADevice, code string, now time.Time) (matched, fresh bool, err error) {
	seed, err := s.k.Sealer().Open(d.SeedSealed, d.Serial)
	if err != nil {
		return false, false, iam.Internal(err)
	}
	step := iam.MatchTOTP(seed, code, now)
	if step == 0 {
		return false, false, nil
	}
	fresh, err = s.useStep(ctx, d.Serial, step)
	return true, fresh, err
}

// useStep marks a TOTP step used; a replayed code reports false.
func (s *Service) useStep(ctx context.Context, serial string, step int64) (bool, error) {
	var fresh bool
	err := s.st.Tx(ctx, func(q *store.Q) error {
		var err error
		fresh, err = q.UseMFAStep(serial, step)
		return err
	})
	if err != nil {
		return false, iam.Internal(err)
	}
	return fresh, nil
}
