package collector

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	bolt "go.etcd.io/bbolt"

	"tramhocso/app/stats/wire"
)

// BenchmarkReceive: signed, gzipped batches of 40 counters through the
// handler into each engine, one at a time and (PostgreSQL) 8 at a time.
//
//	build/test/pg-cluster.sh go test -run '^$' -bench BenchmarkReceive ./app/collector
func BenchmarkReceive(b *testing.B) {
	for _, e := range engines {
		for _, par := range []int{1, 8} {
			if e.name == "bbolt" && par > 1 {
				continue // one writer at a time: parallel uploads queue on the file lock
			}
			b.Run(fmt.Sprintf("%s/parallel=%d", e.name, par), func(b *testing.B) {
				db := e.db(b)
				keys := map[string]string{}
				for i := range 16 {
					keys[fmt.Sprintf("kiosk-%02d", i)] = newKey(b)
				}
				c := open(b, db, keys, Options{KioskRate: -1})
				h := c.Handler()
				mk := func(kiosk string, seq uint64) upload {
					var cs []wire.Counter
					for i := range 40 {
						cs = append(cs, wire.Counter{Day: fmt.Sprintf("2026-11-%02d", 1+i%20), Pack: "khai-sinh", PackVersion: 1,
							Step: []string{"ho-ten", "cccd", "ngay-sinh", "so-dien-thoai"}[i%4], Kind: []string{"step_passed", "step_failed"}[i/20], N: uint64(1 + i)})
					}
					body := batch(kiosk, seq, cs...)
					bt, _ := wire.Parse(body)
					key, _ := wire.ParseKey([]byte(keys[kiosk]))
					return upload{kiosk, bt.BatchID, wire.Sign(key, body), body, ""}
				}
				ups := make([]upload, b.N)
				for i := range ups {
					ups[i] = mk(fmt.Sprintf("kiosk-%02d", i%16), uint64(i/16+1))
				}
				b.SetParallelism(par)
				b.ResetTimer()
				start := time.Now()
				if par == 1 {
					for _, u := range ups {
						if code, msg := send(b, h, u); code != 200 {
							b.Fatalf("%d %s", code, msg)
						}
					}
				} else {
					next := make(chan upload, len(ups))
					for _, u := range ups {
						next <- u
					}
					close(next)
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							if code, msg := send(b, h, <-next); code != 200 {
								b.Errorf("%d %s", code, msg)
								return
							}
						}
					})
				}
				b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "batches/s")
			})
		}
	}
}

// provinceFixture fills a store with a province's running totals, as if
// every kiosk had uploaded for 90 days: communes × kiosks × days, each
// kiosk-day 14 totals of one pack (a second pack every third day).
func provinceFixture(b *testing.B, c *Collector, db string, communes, kiosks, days int) int {
	type row struct {
		k counterKey
		n uint64
	}
	var rows []row
	day0 := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	for cm := range communes {
		commune := fmt.Sprintf("Xã số %03d", cm)
		for ki := range kiosks {
			kiosk := fmt.Sprintf("k-%03d-%d", cm, ki)
			for d := range days {
				day := day0.AddDate(0, 0, d).Format(wire.DayLayout)
				packs := []string{"khai-sinh"}
				if d%3 == 0 {
					packs = append(packs, "kich-hoat-vneid")
				}
				for _, p := range packs {
					add := func(step, kind, code string, n int) {
						rows = append(rows, row{counterKey{"Tỉnh Mẫu", commune, kiosk, p, 1, day, step, kind, code}, uint64(n)})
					}
					add("", "started", "", 20+d%7)
					add("", "finished", "", 15+d%5)
					add("", "handed_off", "", 2)
					for i, s := range []string{"ho-ten", "cccd", "ngay-sinh", "so-dien-thoai", "xac-nhan"} {
						add(s, "step_passed", "", 18-i)
					}
					add("cccd", "step_failed", "", 6)
					add("so-dien-thoai", "step_failed", "", 4)
					add("cccd", "abandoned", "", 2)
					add("cccd", "step_failed", "cccd.length", 5)
					add("cccd", "step_failed", "cccd.province_unknown", 1)
					add("so-dien-thoai", "step_failed", "phone.prefix", 4)
				}
			}
		}
	}
	ctx := context.Background()
	if IsPostgres(db) {
		conn, err := pgx.Connect(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		defer conn.Close(ctx)
		src := make([][]any, len(rows))
		for i, r := range rows {
			d, _ := time.Parse(wire.DayLayout, r.k.Day)
			src[i] = []any{r.k.Province, r.k.Commune, r.k.Kiosk, r.k.Pack, r.k.PackVersion, d, r.k.Step, r.k.Kind, r.k.Error, int64(r.n)}
		}
		if _, err := conn.CopyFrom(ctx, pgx.Identifier{"totals"}, []string{"province", "commune", "kiosk_id", "pack", "pack_version", "day", "step", "kind", "error_code", "n"}, pgx.CopyFromRows(src)); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO totals_month (province, commune, kiosk_id, pack, pack_version, month, step, kind, error_code, n)
			SELECT province, commune, kiosk_id, pack, pack_version, date_trunc('month', day)::date, step, kind, error_code, sum(n) FROM totals
			GROUP BY province, commune, kiosk_id, pack, pack_version, date_trunc('month', day)::date, step, kind, error_code`); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.Exec(ctx, "ANALYZE totals; ANALYZE totals_month"); err != nil {
			b.Fatal(err)
		}
		return len(rows)
	}
	bs := c.store.(*boltStore)
	for i := 0; i < len(rows); i += 50_000 {
		err := bs.db.Update(func(tx *bolt.Tx) error {
			tb := tx.Bucket(bucketTotals)
			for _, r := range rows[i:min(i+50_000, len(rows))] {
				if err := addU64(tb, joinKey(r.k), r.n); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return len(rows)
}

// BenchmarkReportProvince: GET /report for a province account over a
// province's 90 days (300 communes × 3 kiosks × 90 days), each engine.
//
//	build/test/pg-cluster.sh go test -run '^$' -bench BenchmarkReportProvince -benchtime 5x ./app/collector
func BenchmarkReportProvince(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			db := e.db(b)
			c := open(b, db, map[string]string{"kiosk-a": newKey(b)})
			n := provinceFixture(b, c, db, 300, 3, 90)
			addUser(b, c, "tinh-mau", Scope{Province: "Tỉnh Mẫu"})
			br := signIn(b, c.Handler(), "tinh-mau")
			for _, rg := range []struct{ name, q string }{
				{"all-90-days", ""}, {"whole-months", "?from=2026-08-01&to=2026-09-30"}, {"ragged-60-days", "?from=2026-08-15&to=2026-10-13"},
				{"one-commune", ""},
			} {
				b.Run(rg.name, func(b *testing.B) {
					who := br
					if rg.name == "one-commune" {
						addUser(b, c, "xa-001", Scope{Province: "Tỉnh Mẫu", Communes: []string{"Xã số 001"}})
						who = signIn(b, c.Handler(), "xa-001")
					}
					b.ResetTimer()
					for range b.N {
						rec := who.get("/report" + rg.q)
						if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Xã số 001") {
							b.Fatalf("report %d", rec.Code)
						}
					}
					b.ReportMetric(float64(n), "total-rows")
					b.ReportMetric(b.Elapsed().Seconds()/float64(b.N)*1000, "ms/page")
				})
			}
		})
	}
}
