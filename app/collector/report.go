package collector

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
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

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{"cell": Cell, "ranked": ranked,
	"when": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }}).Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Báo cáo Trạm Học Số / Trạm Học Số report</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}td.n{text-align:right}</style>
</head><body>
<h1>Báo cáo sử dụng Trạm Học Số <small>/ Usage report</small></h1>
<p>Khoảng thời gian / Period: {{if .From}}{{.From}}{{else}}…{{end}} – {{if .To}}{{.To}}{{else}}…{{end}}.
Số dưới 5 hiển thị là “&lt;5” / Counts under 5 are shown as “&lt;5”. <a href="report.csv?from={{.From}}&amp;to={{.To}}">CSV</a></p>
<h2>Theo gói luyện tập / By practice pack</h2>
<table><thead><tr><th>Tỉnh / Province</th><th>Xã, phường / Commune</th><th>Trạm / Kiosk</th><th>Gói / Pack</th>
<th>Bắt đầu / Starts</th><th>Hoàn thành / Finishes</th><th>Chuyển sang điện thoại / Hand-offs</th><th>Bỏ dở / Abandoned</th>
<th>Lần nộp sai / Failed steps</th><th>Hay vướng ở bước / Stuck at</th><th>Lỗi thường gặp / Common mistakes</th></tr></thead><tbody>
{{range .Packs}}<tr><td>{{.Province}}</td><td>{{.Commune}}</td><td>{{.Kiosk}}</td><td>{{.Pack}}</td>
<td class="n">{{cell .Starts}}</td><td class="n">{{cell .Finishes}}</td><td class="n">{{cell .HandOffs}}</td><td class="n">{{cell .Abandoned}}</td>
<td class="n">{{cell .Failed}}</td><td>{{ranked .Stuck}}</td><td>{{ranked .Mistakes}}</td></tr>
{{else}}<tr><td colspan="11">Chưa có dữ liệu / No data yet</td></tr>{{end}}</tbody></table>
<h2>Theo trạm (tổng theo giờ) / By kiosk (hourly totals, all time)</h2>
<table><thead><tr><th>Tỉnh / Province</th><th>Xã, phường / Commune</th><th>Trạm / Kiosk</th><th>Lô đã nhận / Batches</th><th>Lần nhận cuối / Last received</th>
<th>Lệch đồng hồ (giây) / Clock offset (s)</th><th>Bắt đầu / Started</th><th>Hoàn thành / Finished</th><th>Chuyển sang điện thoại / Handed off</th>
<th>Kỳ bị bỏ / Periods dropped</th><th>Sự kiện bị bỏ / Events dropped</th></tr></thead><tbody>
{{range .Kiosks}}<tr><td>{{.Province}}</td><td>{{.Commune}}</td><td>{{.Kiosk}}</td><td class="n">{{.Batches}}</td><td>{{when .LastReceived}}</td>
<td class="n">{{.ClockOffsetSec}}</td><td class="n">{{cell .Started}}</td><td class="n">{{cell .Finished}}</td><td class="n">{{cell .HandedOff}}</td>
<td class="n">{{.DroppedPeriods}}</td><td class="n">{{.DroppedEvents}}</td></tr>
{{else}}<tr><td colspan="11">Chưa có trạm nào gửi / No kiosk has uploaded yet</td></tr>{{end}}</tbody></table>
</body></html>
`))

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
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := reportTmpl.Execute(w, rep); err != nil {
		c.log.Error("collector: writing the report", "error", err)
	}
}

// CSV header of GET /report.csv.
var csvHeader = []string{"province", "commune", "kiosk", "pack", "starts", "finishes", "hand_offs", "abandoned", "failed_steps", "stuck_at", "common_mistakes"}

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
