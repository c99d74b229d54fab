package store

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// TestBackgroundCheckpoint checks that the WAL is copied into the database
// file without any write reaching the writer's own checkpoint threshold.
func TestBackgroundCheckpoint(t *testing.T) {
	t.Parallel()
	st := openTemp(t)
	ctx := context.Background()
	var threshold int
	if err := st.w.Raw("PRAGMA wal_autocheckpoint").Scan(&threshold).Error; err != nil {
		t.Fatal(err)
	}
	if threshold != writerAutoCheckpoint {
		t.Fatalf("writer wal_autocheckpoint = %d, want %d", threshold, writerAutoCheckpoint)
	}
	before, err := os.Stat(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	// About 200 pages: far below the writer's threshold.
	es := make([]Event, 200)
	for i := range es {
		es[i] = Event{EventID: fmt.Sprintf("ck-%04d", i), AccountID: "111122223333", EventTime: time.Now(),
			EventName: "CreateUser", EventSource: "iam.amazonaws.com", Record: strings.Repeat("x", 3000)}
	}
	if err := st.AppendEvents(ctx, es, nil); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * checkpointEvery)
	for {
		fi, err := os.Stat(st.Path())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > before.Size()+100*4096 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("database file %d bytes after %v, was %d: the WAL was not checkpointed", fi.Size(), 20*checkpointEvery, before.Size())
		}
		time.Sleep(checkpointEvery / 4)
	}
}
