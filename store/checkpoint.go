package store

import (
	"context"
	"time"
)

// checkpointEvery is how often the background checkpointer copies the WAL
// into the database file. SQLite's automatic checkpoint runs inside the
// commit that crosses its threshold, on the one writer connection, so every
// write queued behind that commit (console switches, event batches) waits
// for the copy and its fsync; run from a reader connection in PASSIVE mode,
// a checkpoint waits for no one and holds up no writer.
const checkpointEvery = 100 * time.Millisecond

// writerAutoCheckpoint is the writer's own automatic checkpoint threshold in
// pages (16 MiB), a backstop for when the background checkpointer falls
// behind; SQLite's default is 1,000 pages.
const writerAutoCheckpoint = 4000

// checkpointer runs PASSIVE checkpoints in the background until stopped.
type checkpointer struct {
	stop chan struct{}
	done chan struct{}
}

func (s *Store) startCheckpointer() {
	s.ckpt.stop, s.ckpt.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.ckpt.done)
		t := time.NewTicker(checkpointEvery)
		defer t.Stop()
		for {
			select {
			case <-s.ckpt.stop:
				return
			case <-t.C:
				s.checkpoint()
			}
		}
	}()
}

// checkpoint copies what it can of the WAL into the database file without
// waiting for readers or the writer; the next write transaction then starts
// the WAL over from its beginning once every frame is copied.
func (s *Store) checkpoint() {
	db, err := s.r.DB()
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Busy (another checkpoint running) is not an error worth reporting:
	// the next tick tries again.
	var busy, log, done int
	_ = db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &log, &done)
}

func (s *Store) stopCheckpointer() {
	if s.ckpt.stop == nil {
		return
	}
	select {
	case <-s.ckpt.stop:
	default:
		close(s.ckpt.stop)
	}
	<-s.ckpt.done
}
