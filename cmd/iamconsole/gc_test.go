package main

import (
	"runtime/debug"
	"testing"
)

// TestSetGCPercent checks the server's GOGC default and that the
// environment's GOGC wins. Not parallel: the GC percent is process-wide.
func TestSetGCPercent(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })
	for _, tc := range []struct {
		name, env string
		want      int
	}{
		{"unset", "", defaultGCPercent},
		{"set", "50", 100},
		{"off", "off", 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			setGCPercent(tc.env)
			if got := debug.SetGCPercent(100); got != tc.want {
				t.Errorf("GOGC=%q: GC percent %d, want %d", tc.env, got, tc.want)
			}
		})
	}
}
