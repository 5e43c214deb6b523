package collector

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Fleet is what GET /fleet shows: every registered kiosk in the viewer's
// scope, with its last upload and health, and the problems to look at.
type Fleet struct {
	Now         time.Time
	SilentAfter string
	Flagged     int
	Rows        []FleetRow
}

// FleetRow is one registered kiosk.
type FleetRow struct {
	Kiosk, Province, Commune string
	Seen                     bool
	LastSeen                 time.Time
	Ago                      string
	HasHealth                bool
	Version, Config          string
	Backlog, DeadLetters     uint64
	Uptime                   string
	Silent                   bool
	Problems                 []string
}

// Thresholds for the fleet page's problems.
const (
	backlogProblem = 48              // batches waiting on the kiosk (two days of hourly batches)
	clockProblem   = 5 * time.Minute // kiosk clock off by more than this
)

// BuildFleet lists the registered kiosks a scope covers. A kiosk that never
// uploaded is placed by its registry entry's province and commune.
func (c *Collector) BuildFleet(ctx context.Context, scope Scope) (*Fleet, error) {
	states, err := c.store.Kiosks(ctx)
	if err != nil {
		return nil, fmt.Errorf("building the fleet page: %w", err)
	}
	byID := map[string]KioskState{}
	for _, s := range states {
		byID[s.Kiosk] = s
	}
	now := c.now()
	f := &Fleet{Now: now, SilentAfter: human(c.opts.SilentAfter)}
	for id, k := range c.reg.kiosks {
		row := FleetRow{Kiosk: id, Province: k.Province, Commune: k.Commune}
		st, seen := byID[id]
		if seen {
			row.Province, row.Commune = st.Province, st.Commune
		}
		if !scope.Allows(row.Province, row.Commune) {
			continue
		}
		if !seen {
			row.Problems = append(row.Problems, "Chưa gửi lần nào / never uploaded")
		} else {
			row.Seen, row.LastSeen = true, st.LastReceived
			row.Ago = human(now.Sub(st.LastReceived)) + " trước / ago"
			if now.Sub(st.LastReceived) > c.opts.SilentAfter {
				row.Silent = true
				row.Problems = append(row.Problems, fmt.Sprintf("Im lặng %s / silent for %s", human(now.Sub(st.LastReceived)), human(now.Sub(st.LastReceived))))
			}
			if st.DroppedPeriods > 0 {
				row.Problems = append(row.Problems, fmt.Sprintf("Đã bỏ %d lô / dropped %d batches", st.DroppedPeriods, st.DroppedPeriods))
			}
			if off := time.Duration(st.ClockOffsetSec) * time.Second; off > clockProblem || off < -clockProblem {
				row.Problems = append(row.Problems, fmt.Sprintf("Đồng hồ lệch %s / clock off by %s", human(off.Abs()), human(off.Abs())))
			}
		}
		if h := st.Health; seen && h != nil {
			row.HasHealth = true
			row.Version, row.Config, row.Backlog, row.DeadLetters = h.AppVersion, h.ConfigID, h.OutboxDepth, h.DeadLetters
			row.Uptime = human(time.Duration(h.UptimeSec) * time.Second)
			if h.DeadLetters > 0 {
				row.Problems = append(row.Problems, fmt.Sprintf("%d lô bị từ chối / %d batches refused", h.DeadLetters, h.DeadLetters))
			}
			if h.OutboxDepth > backlogProblem {
				row.Problems = append(row.Problems, fmt.Sprintf("%d lô chờ gửi / %d batches waiting", h.OutboxDepth, h.OutboxDepth))
			}
			if h.LastReloadError != "" {
				row.Problems = append(row.Problems, "Cấu hình mới bị từ chối / config reload refused: "+h.LastReloadError)
			}
		} else if seen {
			row.Version = "(v1)"
		}
		if len(row.Problems) > 0 {
			f.Flagged++
		}
		f.Rows = append(f.Rows, row)
	}
	slices.SortFunc(f.Rows, func(a, b FleetRow) int {
		// Problems first, then by place.
		return cmp.Or(-cmp.Compare(len(a.Problems), len(b.Problems)), cmp.Compare(a.Province, b.Province), cmp.Compare(a.Commune, b.Commune), cmp.Compare(a.Kiosk, b.Kiosk))
	})
	return f, nil
}

// human is a duration for people: 3 min, 5 h, 2 ngày/days.
func human(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	default:
		return fmt.Sprintf("%d ngày/days", int(d.Hours()/24))
	}
}

func (c *Collector) fleetHTML(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	f, err := c.BuildFleet(r.Context(), v.Scope)
	if err != nil {
		c.log.Error("collector: fleet page", "error", err)
		http.Error(w, "Lỗi máy chủ / server error", http.StatusInternalServerError)
		return
	}
	c.render(w, "fleet", page{Title: "Các trạm / Kiosks", Viewer: v, Fleet: f})
}
