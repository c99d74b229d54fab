//go:build !race

package store

// raceEnabled reports whether the race detector is on; SQLite runs some
// fifty times slower under it, so the longest tests do less work.
const raceEnabled = false
