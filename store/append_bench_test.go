package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkAppendEvents appends batches of 100 events of about 1 KB, as the
// event writer does under load, and reports the cost per event.
func BenchmarkAppendEvents(b *testing.B) {
	st := openTemp(b)
	ctx := context.Background()
	rec := `{"eventVersion":"1.09",` + strings.Repeat(`"x":"y",`, 120) + `"z":1}`
	es := make([]Event, 100)
	seq := 0
	b.ResetTimer()
	for range b.N {
		for i := range es {
			seq++
			es[i] = Event{EventID: fmt.Sprintf("%020d", seq), AccountID: "111122223333", EventTime: time.Now(), EventName: "AssumeRole",
				EventSource: "sts.amazonaws.com", Username: "david", AccessKeyID: "AKIAEXAMPLE", Record: rec}
		}
		if err := st.AppendEvents(ctx, es, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(es))/1000, "µs/event")
}
