package iam

import "testing"

// TestChangeLogOverflow: a reader further behind than the log reaches is
// told the list is incomplete; one within reach gets every change in order.
func TestChangeLogOverflow(t *testing.T) {
	t.Parallel()
	s := New(Options{})
	defer s.Close()
	g0 := s.Generation()
	for i := range changeLogSize + 10 {
		s.note(&Record{EventSource: SourceIAM, EventName: "PutUserPolicy", RecipientAccountID: "111122223333", RequestParameters: i})
	}
	if _, ok := s.ChangesSince(g0); ok {
		t.Error("ChangesSince beyond the log's reach: complete")
	}
	from := s.Generation() - changeLogSize
	ch, ok := s.ChangesSince(from)
	if !ok || len(ch) != changeLogSize {
		t.Fatalf("ChangesSince(last %d) = %d changes, complete %v", changeLogSize, len(ch), ok)
	}
	for i, c := range ch {
		if c.Gen != from+uint64(i)+1 {
			t.Fatalf("change %d has generation %d, want %d", i, c.Gen, from+uint64(i)+1)
		}
	}
	if ch[len(ch)-1].Params != changeLogSize+9 {
		t.Errorf("last change's parameters = %v", ch[len(ch)-1].Params)
	}
}
