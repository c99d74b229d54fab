package iam

import "log/slog"

// Logger is the logger the service was built with, so that adapters log
// where the service does.
func (s *Service) Logger() *slog.Logger {
	if s == nil || s.log == nil {
		return slog.Default()
	}
	return s.log
}
