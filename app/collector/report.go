package collector

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tramhocso/app/stats/wire"
)

// SuppressBelow: counts under this are shown as "<5", so a small number
// cannot point at a person.
const SuppressBelow = 5

// Cell formats a count for the report.
func Cell(n uint64) string {
	if n < SuppressBelow {
		return "<" + strconv.Itoa(SuppressBelow)
	}
	return strconv.FormatUint(n, 10)
}

// PackRow is one line of the report: a pack on a kiosk.
type PackRow struct {
	Province, Commune, Kiosk, Pack string
	Starts, Finishes, HandOffs     uint64
	Abandoned                      uint64   // abandoned or expired
	Failed                         uint64   // step submissions with mistakes
	Stuck                          []Ranked // steps where people failed or gave up most
	Mistakes                       []Ranked // most frequent error codes
}

// KioskRow is one kiosk's hourly totals and upload health.
type KioskRow struct {
	Province, Commune, Kiosk      string
	Batches                       uint64
	LastReceived                  time.Time
	ClockOffsetSec                int64
	Started, Finished, HandedOff  uint64
	DroppedPeriods, DroppedEvents uint64
}

// Ranked is a name with its count.
type Ranked struct {
	Name string
	N    uint64
}

// Report is what GET /report shows.
type Report struct {
	From, To string // inclusive days, empty for no bound
	Packs    []PackRow
	Kiosks   []KioskRow
	// Skills are the practices per group of the skills framework (nil when
	// the collector has no skills map); UnmappedPacks the packs in Packs
	// that no group claims.
	Skills        []SkillRow
	Framework     string
	UnmappedPacks []string
}

// BuildReport sums the running totals between two days (YYYY-MM-DD,
// inclusive; empty means unbounded) within a scope.
func (c *Collector) BuildReport(ctx context.Context, from, to string, scope Scope) (*Report, error) {
	if err := checkDays(from, to); err != nil {
		return nil, err
	}
	rep := &Report{From: from, To: to}
	type acc struct {
		row      PackRow
		stuck    map[string]uint64
		mistakes map[string]uint64
	}
	rows := map[[4]string]*acc{}
	err := c.store.Sums(ctx, Query{From: from, To: to, Scope: scope}, func(s Sum) error {
		id := [4]string{s.Province, s.Commune, s.Kiosk, s.Pack}
		a := rows[id]
		if a == nil {
			a = &acc{row: PackRow{Province: s.Province, Commune: s.Commune, Kiosk: s.Kiosk, Pack: s.Pack}, stuck: map[string]uint64{}, mistakes: map[string]uint64{}}
			rows[id] = a
		}
		n := s.N
		if s.Error != "" {
			a.mistakes[s.Error] += n
			return nil
		}
		switch s.Kind {
		case "started":
			a.row.Starts += n
		case "finished":
			a.row.Finishes += n
		case "handed_off":
			a.row.HandOffs += n
		case "abandoned", "expired":
			a.row.Abandoned += n
			if s.Step != "" {
				a.stuck[s.Step] += n
			}
		case "step_failed":
			a.row.Failed += n
			if s.Step != "" {
				a.stuck[s.Step] += n
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("building the report: %w", err)
	}
	kiosks, err := c.store.Kiosks(ctx)
	if err != nil {
		return nil, fmt.Errorf("building the report: %w", err)
	}
	for _, ks := range kiosks {
		if !scope.Allows(ks.Province, ks.Commune) {
			continue
		}
		rep.Kiosks = append(rep.Kiosks, KioskRow{Province: ks.Province, Commune: ks.Commune, Kiosk: ks.Kiosk,
			Batches: ks.Batches, LastReceived: ks.LastReceived, ClockOffsetSec: ks.ClockOffsetSec,
			Started: ks.Started, Finished: ks.Finished, HandedOff: ks.HandedOff,
			DroppedPeriods: ks.DroppedPeriods, DroppedEvents: ks.DroppedEvents})
	}
	for _, a := range rows {
		a.row.Stuck = top(a.stuck, 3)
		a.row.Mistakes = top(a.mistakes, 3)
		rep.Packs = append(rep.Packs, a.row)
	}
	slices.SortFunc(rep.Packs, func(x, y PackRow) int {
		return cmp.Or(cmp.Compare(x.Province, y.Province), cmp.Compare(x.Commune, y.Commune), cmp.Compare(x.Kiosk, y.Kiosk), cmp.Compare(x.Pack, y.Pack))
	})
	rep.Skills, rep.UnmappedPacks = skillRows(c.opts.Skills, rep.Packs)
	if c.opts.Skills != nil {
		rep.Framework = c.opts.Skills.Framework
	}
	slices.SortFunc(rep.Kiosks, func(x, y KioskRow) int {
		return cmp.Or(cmp.Compare(x.Province, y.Province), cmp.Compare(x.Commune, y.Commune), cmp.Compare(x.Kiosk, y.Kiosk))
	})
	return rep, nil
}

func checkDays(days ...string) error {
	for _, d := range days {
		if d == "" {
			continue
		}
		if _, err := time.Parse(wire.DayLayout, d); err != nil {
			return fmt.Errorf("%q is not a day (YYYY-MM-DD)", d)
		}
	}
	return nil
}

func top(m map[string]uint64, n int) []Ranked {
	out := make([]Ranked, 0, len(m))
	for k, v := range m {
		out = append(out, Ranked{k, v})
	}
	slices.SortFunc(out, func(a, b Ranked) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Name, b.Name)) })
	return out[:min(n, len(out))]
}

func ranked(rs []Ranked) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s (%s)", r.Name, Cell(r.N))
	}
	return strings.Join(parts, ", ")
}

func (c *Collector) report(w http.ResponseWriter, r *http.Request) (*Report, bool) {
	rep, err := c.BuildReport(r.Context(), r.URL.Query().Get("from"), r.URL.Query().Get("to"), viewer(r).Scope)
	if err != nil {
		http.Error(w, "Tham số không hợp lệ / bad parameter: "+err.Error(), http.StatusBadRequest)
		return nil, false
	}
	return rep, true
}

func (c *Collector) reportHTML(w http.ResponseWriter, r *http.Request) {
	rep, ok := c.report(w, r)
	if !ok {
		return
	}
	c.render(w, "report", page{Title: "Báo cáo / Report", Viewer: viewer(r), Report: rep})
}

// CSV header of GET /report.csv; xlsxHeader is the same columns in Vietnamese.
var (
	csvHeader  = []string{"province", "commune", "kiosk", "pack", "starts", "finishes", "hand_offs", "abandoned", "failed_steps", "stuck_at", "common_mistakes"}
	xlsxHeader = []string{"Tỉnh", "Xã, phường", "Trạm", "Gói luyện tập", "Bắt đầu", "Hoàn thành", "Chuyển sang điện thoại", "Bỏ dở", "Lần nộp sai", "Hay vướng ở bước", "Lỗi thường gặp"}
)

// WriteCSV writes the pack table as CSV (counts under 5 as "<5").
func (rep *Report) WriteCSV(w *csv.Writer) error {
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	for _, p := range rep.Packs {
		rec := []string{csvSafe(p.Province), csvSafe(p.Commune), p.Kiosk, p.Pack, Cell(p.Starts), Cell(p.Finishes), Cell(p.HandOffs),
			Cell(p.Abandoned), Cell(p.Failed), ranked(p.Stuck), ranked(p.Mistakes)}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

func (c *Collector) reportCSV(w http.ResponseWriter, r *http.Request) {
	rep, ok := c.report(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="tramhocso-report.csv"`)
	if err := rep.WriteCSV(csv.NewWriter(w)); err != nil {
		c.log.Error("collector: writing the CSV report", "error", err)
	}
}

// csvSafe keeps a spreadsheet from reading a name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
