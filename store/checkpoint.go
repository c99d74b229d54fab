package store

import (
	"context"
	"time"
)

// checkpointer runs the dialect's checkpoint in the background until
// stopped (see sqliteDialect.checkpoint).
type checkpointer struct {
	stop chan struct{}
	done chan struct{}
}

// startCheckpointer starts the background checkpoints, if the dialect has
// any.
func (s *Store) startCheckpointer() {
	every := s.d.checkpointEvery()
	if every <= 0 {
		return
	}
	s.ckpt.stop, s.ckpt.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.ckpt.done)
		t := time.NewTicker(every)
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

func (s *Store) checkpoint() {
	db, err := s.r.DB()
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.d.checkpoint(ctx, db)
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
