package cache

import (
	"errors"
	"strconv"
	"sync"
	"testing"
)

func TestLRU(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(l *LRU[string, int]) (got, want string)
	}{
		{"get what was put", func(l *LRU[string, int]) (string, string) {
			l.Put("a", 1)
			v, ok := l.Get("a")
			return strconv.Itoa(v) + strconv.FormatBool(ok), "1true"
		}},
		{"least recently used goes first", func(l *LRU[string, int]) (string, string) {
			l.Put("a", 1)
			l.Put("b", 2)
			l.Put("c", 3)
			l.Get("a") // a is now the most recent
			l.Put("d", 4)
			_, okA := l.Get("a")
			_, okB := l.Get("b")
			return strconv.FormatBool(okA) + strconv.FormatBool(okB) + strconv.Itoa(l.Len()), "truefalse3"
		}},
		{"put replaces and refreshes", func(l *LRU[string, int]) (string, string) {
			l.Put("a", 1)
			l.Put("b", 2)
			l.Put("c", 3)
			l.Put("a", 10)
			l.Put("d", 4)
			v, _ := l.Get("a")
			_, okB := l.Get("b")
			return strconv.Itoa(v) + strconv.FormatBool(okB), "10false"
		}},
		{"delete and clear", func(l *LRU[string, int]) (string, string) {
			l.Put("a", 1)
			l.Put("b", 2)
			l.Delete("a")
			n1 := l.Len()
			l.Clear()
			l.Put("c", 3)
			v, ok := l.Get("c")
			return strconv.Itoa(n1) + strconv.Itoa(l.Len()) + strconv.Itoa(v) + strconv.FormatBool(ok), "113true"
		}},
		{"evictions are counted", func(l *LRU[string, int]) (string, string) {
			for i := range 10 {
				l.Put(strconv.Itoa(i), i)
			}
			return strconv.FormatUint(l.Evictions(), 10) + strconv.Itoa(l.Len()), "73"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, want := tc.run(NewLRU[string, int](3))
			if got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

func TestLRUGetOrAdd(t *testing.T) {
	t.Parallel()
	l := NewLRU[string, int](2)
	calls := 0
	mk := func() (int, error) { calls++; return 7, nil }
	for range 3 {
		if v, err := l.GetOrAdd("k", mk); v != 7 || err != nil {
			t.Fatalf("GetOrAdd = %d, %v", v, err)
		}
	}
	if calls != 1 {
		t.Errorf("make ran %d times, want 1", calls)
	}
	boom := errors.New("boom")
	if _, err := l.GetOrAdd("bad", func() (int, error) { return 0, boom }); err != boom {
		t.Errorf("err = %v", err)
	}
	if _, ok := l.Get("bad"); ok {
		t.Error("a failed make was stored")
	}
}

// TestLRUBoundedUnderConcurrency checks that many writers with distinct keys
// never push the cache past its capacity.
func TestLRUBoundedUnderConcurrency(t *testing.T) {
	t.Parallel()
	l := NewLRU[string, int](100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				k := strconv.Itoa(g) + "/" + strconv.Itoa(i)
				l.Put(k, i)
				l.Get(k)
			}
		}()
	}
	wg.Wait()
	if n := l.Len(); n != 100 {
		t.Errorf("Len = %d, want 100", n)
	}
}

func TestSetInvalidate(t *testing.T) {
	t.Parallel()
	var s Set
	a, b := NewLRU[string, int](4), NewLRU[int, string](4)
	a.Put("x", 1)
	b.Put(1, "x")
	gen := 0
	s.Add(a, b)
	s.OnInvalidate(func() { gen++ })
	s.Invalidate()
	if a.Len() != 0 || b.Len() != 0 || gen != 1 {
		t.Errorf("after Invalidate: %d %d gen %d", a.Len(), b.Len(), gen)
	}
}

// BenchmarkLRUGet is the hit path of every cached lookup; target ≤ 50 ns.
func BenchmarkLRUGet(b *testing.B) {
	l := NewLRU[string, int](1024)
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = "key/" + strconv.Itoa(i)
		l.Put(keys[i], i)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			l.Get(keys[i&1023])
			i++
		}
	})
}
