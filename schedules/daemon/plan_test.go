package daemon

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/riverqueue/river"
)

// The planner pages through Due and enqueues one job per batch; planning
// the same due items again enqueues nothing while those jobs are pending.
func TestPlanEnqueuesBatchesOnce(t *testing.T) {
	t.Parallel()
	_, client, _ := queueClient(t)
	f := newFakeJobs(2500)
	w := &planWorker{d: &deps{jobs: f, log: testLogger(t), now: time.Now, batch: 1000}}
	ctx := t.Context()
	busy, err := rechecksOutstanding(ctx, client)
	if err != nil || busy {
		t.Fatalf("outstanding on an empty queue = %v, %v", busy, err)
	}
	batches, items, err := w.plan(ctx, client, time.Now())
	if err != nil || batches != 3 || items != 2500 {
		t.Fatalf("plan = %d batches, %d items, %v; want 3, 2500", batches, items, err)
	}
	res, err := client.JobList(ctx, river.NewJobListParams().Kinds(KindRecheck))
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, j := range res.Jobs {
		args, err := rowArgs[RecheckArgs](j.EncodedArgs)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(args.IDs))
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{500, 1000, 1000}) {
		t.Errorf("batch sizes = %v", sizes)
	}
	if busy, err := rechecksOutstanding(ctx, client); err != nil || !busy {
		t.Errorf("outstanding with queued batches = %v, %v", busy, err)
	}
	if batches, _, err := w.plan(ctx, client, time.Now()); err != nil || batches != 0 {
		t.Errorf("planning the same items again enqueued %d batches (%v)", batches, err)
	}
}

func rowArgs[T any](b []byte) (T, error) {
	var v T
	err := json.Unmarshal(b, &v)
	return v, err
}
