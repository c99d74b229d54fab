package iam

// CompiledLen is the number of compiled policy documents held.
func CompiledLen(s *Service) int { return s.caches.compiled.Len() }
