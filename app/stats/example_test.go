package stats_test

import (
	"context"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"

	"tramhocso/app/session"
	"tramhocso/app/stats"
	"tramhocso/app/store"
)

// Wiring statistics into a kiosk: open on the kiosk database, hand the
// *Stats to the session store as its EventSink, and Run it for the schedule
// (Seal and Upload are what Run calls).
func Example() {
	dir, _ := os.MkdirTemp("", "stats-example")
	defer os.RemoveAll(dir)
	db, err := store.Open(dir, store.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer db.Close()
	now := time.Date(2026, 11, 23, 9, 15, 0, 0, time.UTC)
	st, err := stats.Open(db.Bolt(), stats.Config{KioskID: "hn-ba-dinh-01", Commune: "Phường Ba Đình"},
		stats.Deps{Now: func() time.Time { return now }, NetState: stats.NoNetWatch})
	if err != nil {
		fmt.Println(err)
		return
	}
	var sink session.EventSink = st // what the session store calls inside its transaction
	db.Bolt().Update(func(tx *bolt.Tx) error {
		return sink.Record(tx, session.Event{Kind: session.EventStarted, PackID: "khai-sinh", PackVersion: 1, At: now})
	})
	now = now.Add(24 * time.Hour)
	res, _ := st.Seal(context.Background())
	fmt.Println(res.BatchID, res.Events)
	s, _ := st.Status()
	fmt.Println(s.OutboxBatches, s.UploadEnabled)
	// Output:
	// hn-ba-dinh-01.20261124T090000Z.000001 1
	// 1 false
}
