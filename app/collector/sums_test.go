package collector

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"tramhocso/app/stats/wire"
)

// TestSumsOverRanges: totals summed over any day range — across month
// boundaries, open at either end, inside one month — equal the batches'
// own counters (PostgreSQL reads whole months from its monthly rollup).
func TestSumsOverRanges(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db string) {
		key := newKey(t)
		c := open(t, db, map[string]string{"kiosk-a": key}, Options{KioskRate: -1})
		k, _ := wire.ParseKey([]byte(key))
		rng := rand.New(rand.NewPCG(3, 4))
		type ck struct{ day, kind string }
		var all []struct {
			ck
			n uint64
		}
		day0 := time.Date(2026, 7, 20, 0, 0, 0, 0, time.UTC)
		for seq := uint64(1); seq <= 30; seq++ {
			seen := map[ck]bool{}
			var cs []wire.Counter
			for range 10 {
				x := ck{day0.AddDate(0, 0, rng.IntN(130)).Format(wire.DayLayout), []string{"started", "finished"}[rng.IntN(2)]}
				if seen[x] {
					continue
				}
				seen[x] = true
				n := 1 + uint64(rng.IntN(20))
				cs = append(cs, wire.Counter{Day: x.day, Pack: "khai-sinh", PackVersion: 1 + rng.IntN(2), Kind: x.kind, N: n})
				all = append(all, struct {
					ck
					n uint64
				}{x, n})
			}
			body := batch("kiosk-a", seq, cs...)
			b, _ := wire.Parse(body)
			if code, msg := send(t, c.Handler(), upload{"kiosk-a", b.BatchID, wire.Sign(k, body), body, ""}); code != 200 {
				t.Fatalf("%d %s", code, msg)
			}
		}
		ranges := [][2]string{{"", ""}, {"2026-08-01", "2026-10-31"}, {"2026-08-02", "2026-10-30"}, {"2026-07-25", "2026-08-10"},
			{"2026-09-01", "2026-09-30"}, {"2026-09-05", "2026-09-05"}, {"", "2026-09-14"}, {"2026-09-15", ""}, {"2026-08-31", "2026-09-01"}}
		for range 20 {
			a, b := day0.AddDate(0, 0, rng.IntN(130)), day0.AddDate(0, 0, rng.IntN(130))
			if b.Before(a) {
				a, b = b, a
			}
			ranges = append(ranges, [2]string{a.Format(wire.DayLayout), b.Format(wire.DayLayout)})
		}
		for _, r := range ranges {
			for _, byDay := range []bool{false, true} {
				want := map[ck]uint64{}
				for _, x := range all {
					if (r[0] == "" || x.day >= r[0]) && (r[1] == "" || x.day <= r[1]) {
						key := x.ck
						if !byDay {
							key.day = ""
						}
						want[key] += x.n
					}
				}
				got := map[ck]uint64{}
				err := c.Store().Sums(context.Background(), Query{From: r[0], To: r[1], Scope: Scope{Province: "Hà Nội"}, ByDay: byDay}, func(s Sum) error {
					got[ck{s.Day, s.Kind}] += s.N
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("range %v by day %v:\n got %v\nwant %v", r, byDay, got, want)
				}
			}
		}
	})
}

func TestMonthSplit(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(wire.DayLayout, s); return t }
	f := func(t time.Time) string { return t.Format(wire.DayLayout) }
	cases := []struct{ from, to, want string }{
		{"2026-08-01", "2026-10-31", "months 2026-08-01..2026-10-01 days []"},
		{"2026-08-02", "2026-10-30", "months 2026-09-01..2026-09-01 days [2026-08-02..2026-08-31 2026-10-01..2026-10-30]"},
		{"2026-08-02", "2026-08-30", "days [2026-08-02..2026-08-30]"},
		{"2026-02-01", "2026-02-28", "months 2026-02-01..2026-02-01 days []"},
	}
	for _, c := range cases {
		m1, m2, ok, days := monthSplit(d(c.from), d(c.to))
		got := ""
		if ok {
			got = "months " + f(m1) + ".." + f(m2) + " "
		}
		var ds []string
		for _, x := range days {
			ds = append(ds, f(x[0])+".."+f(x[1]))
		}
		got += fmt.Sprintf("days %v", ds)
		if got != c.want {
			t.Errorf("%s..%s: %s, want %s", c.from, c.to, got, c.want)
		}
	}
}
