package collector

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"tramhocso/app/stats/wire"
)

// Charts is what GET /charts shows for one commune (or all in scope) and
// one pack (or all): practices started and finished by week, the step
// funnel and the commonest mistakes, as server-rendered SVG. Counts under
// SuppressBelow are drawn as empty bars labelled "<5", as in the tables.
type Charts struct {
	From, To          string
	Places            []Place // communes in scope that have data
	Packs             []string
	Province, Commune string // selected place ("" = every commune in scope)
	Pack              string // selected pack ("" = all)
	Weekly            Chart
	Funnel            Chart
	Mistakes          Chart
}

// Place is a commune of a province.
type Place struct{ Province, Commune string }

// Chart is one SVG's geometry, computed here so the template only draws.
type Chart struct {
	Title, Desc   string
	Width, Height int
	Empty         bool
	Bars          []Bar
	Texts         []Text
	Legend        []Legend
}

// Bar is one rectangle of a chart.
type Bar struct {
	X, Y, W, H float64
	Class      string
	Title      string // tooltip and screen-reader text
}

// Text is a label.
type Text struct {
	X, Y   float64
	Anchor string
	S      string
}

// Legend names a bar class.
type Legend struct{ Class, Label string }

// BuildCharts sums the totals for the charts.
func (c *Collector) BuildCharts(ctx context.Context, scope Scope, from, to, province, commune, pack string) (*Charts, error) {
	if err := checkDays(from, to); err != nil {
		return nil, err
	}
	ch := &Charts{From: from, To: to, Province: province, Commune: commune, Pack: pack}
	places := map[Place]bool{}
	packs := map[string]bool{}
	type wk struct{ started, finished uint64 }
	weeks := map[string]*wk{}
	type st struct{ passed, failed, stopped uint64 }
	steps := map[string]*st{}
	mistakes := map[string]uint64{}
	err := c.store.Sums(ctx, Query{From: from, To: to, Scope: scope, ByDay: true}, func(s Sum) error {
		places[Place{s.Province, s.Commune}] = true
		packs[s.Pack] = true
		if (commune != "" && (s.Province != province || s.Commune != commune)) || (pack != "" && s.Pack != pack) {
			return nil
		}
		if s.Error != "" {
			mistakes[s.Error] += s.N
			return nil
		}
		switch s.Kind {
		case "started", "finished":
			d, err := time.Parse(wire.DayLayout, s.Day)
			if err != nil {
				return nil
			}
			week := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format(wire.DayLayout)
			w := weeks[week]
			if w == nil {
				w = &wk{}
				weeks[week] = w
			}
			if s.Kind == "started" {
				w.started += s.N
			} else {
				w.finished += s.N
			}
		case "step_passed", "step_failed", "abandoned", "expired":
			if s.Step == "" {
				return nil
			}
			x := steps[s.Step]
			if x == nil {
				x = &st{}
				steps[s.Step] = x
			}
			switch s.Kind {
			case "step_passed":
				x.passed += s.N
			case "step_failed":
				x.failed += s.N
			default:
				x.stopped += s.N
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("building the charts: %w", err)
	}
	for p := range places {
		ch.Places = append(ch.Places, p)
	}
	slices.SortFunc(ch.Places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(a.Province, b.Province), cmp.Compare(a.Commune, b.Commune))
	})
	for p := range packs {
		ch.Packs = append(ch.Packs, p)
	}
	slices.Sort(ch.Packs)

	// Started and finished by week: grouped vertical bars.
	var wkeys []string
	for k := range weeks {
		wkeys = append(wkeys, k)
	}
	slices.Sort(wkeys)
	var series [][2]uint64
	for _, k := range wkeys {
		series = append(series, [2]uint64{weeks[k].started, weeks[k].finished})
	}
	ch.Weekly = columns("Bắt đầu và hoàn thành theo tuần / Started and finished by week",
		"Mỗi tuần bắt đầu từ thứ Hai / each week starts on Monday", wkeys, series,
		[]Legend{{"a", "Bắt đầu / Started"}, {"b", "Hoàn thành / Finished"}})

	// The funnel: steps by how many passed them (further steps are passed by
	// fewer people), with failures and people who stopped there.
	var skeys []string
	for k := range steps {
		skeys = append(skeys, k)
	}
	slices.SortFunc(skeys, func(a, b string) int { return cmp.Or(cmp.Compare(steps[b].passed, steps[a].passed), cmp.Compare(a, b)) })
	var rows []hrow
	for _, k := range skeys {
		rows = append(rows, hrow{k, []uint64{steps[k].passed, steps[k].failed, steps[k].stopped}})
	}
	ch.Funnel = hbars("Các bước: qua, nộp sai, dừng lại / Steps: passed, failed, stopped there",
		"Bước nhiều người qua nhất ở trên / the step most people passed is on top", rows,
		[]Legend{{"a", "Qua / Passed"}, {"b", "Nộp sai / Failed"}, {"c", "Dừng ở đây / Stopped here"}})

	// The commonest mistakes.
	var mrows []hrow
	for _, r := range top(mistakes, 10) {
		mrows = append(mrows, hrow{r.Name, []uint64{r.N}})
	}
	ch.Mistakes = hbars("Lỗi thường gặp / Commonest mistakes", "10 mã lỗi nhiều nhất / the 10 most frequent error codes", mrows,
		[]Legend{{"b", "Số lần / Times"}})
	return ch, nil
}

func shown(n uint64) uint64 {
	if n < SuppressBelow {
		return 0
	}
	return n
}

// columns draws grouped vertical bars, one group per label.
func columns(title, desc string, labels []string, series [][2]uint64, legend []Legend) Chart {
	const left, top, plotH, groupW = 50.0, 30.0, 200.0, 60.0
	ch := Chart{Title: title, Desc: desc, Legend: legend, Width: int(left + groupW*float64(max(len(labels), 4)) + 20), Height: int(top + plotH + 28)}
	if len(labels) == 0 {
		ch.Empty = true
		return ch
	}
	var maxV uint64 = 1
	for _, s := range series {
		maxV = max(maxV, shown(s[0]), shown(s[1]))
	}
	scale := niceMax(maxV)
	for i := 0; i <= 4; i++ {
		v := scale * uint64(i) / 4
		y := top + plotH - plotH*float64(v)/float64(scale)
		ch.Bars = append(ch.Bars, Bar{X: left, Y: y, W: float64(ch.Width) - left - 10, H: 0.5, Class: "grid"})
		ch.Texts = append(ch.Texts, Text{X: left - 4, Y: y + 4, Anchor: "end", S: fmt.Sprint(v)})
	}
	for i, l := range labels {
		x := left + groupW*float64(i) + 8
		for j, n := range series[i] {
			h := plotH * float64(shown(n)) / float64(scale)
			cls := []string{"a", "b"}[j]
			bx := x + float64(j)*22
			ch.Bars = append(ch.Bars, Bar{X: bx, Y: top + plotH - h, W: 20, H: h, Class: cls, Title: fmt.Sprintf("%s %s: %s", l, legend[j].Label, Cell(n))})
			ch.Texts = append(ch.Texts, Text{X: bx + 10, Y: top + plotH - h - 3, Anchor: "middle", S: Cell(n)})
		}
		ch.Texts = append(ch.Texts, Text{X: x + 21, Y: top + plotH + 16, Anchor: "middle", S: l[5:]}) // MM-DD
	}
	return ch
}

type hrow struct {
	label  string
	values []uint64
}

// hbars draws horizontal bars, one row per label, one bar per value.
func hbars(title, desc string, rows []hrow, legend []Legend) Chart {
	const left, top, barH, plotW = 170.0, 20.0, 14.0, 420.0
	per := 0
	if len(rows) > 0 {
		per = len(rows[0].values)
	}
	rowH := barH*float64(per) + 10
	ch := Chart{Title: title, Desc: desc, Legend: legend, Width: int(left + plotW + 60), Height: int(top + rowH*float64(max(len(rows), 1)) + 20)}
	if len(rows) == 0 {
		ch.Empty = true
		return ch
	}
	var maxV uint64 = 1
	for _, r := range rows {
		for _, v := range r.values {
			maxV = max(maxV, shown(v))
		}
	}
	classes := []string{"a", "b", "c"}
	if per == 1 {
		classes = []string{"b"}
	}
	for i, r := range rows {
		y := top + rowH*float64(i)
		ch.Texts = append(ch.Texts, Text{X: left - 6, Y: y + rowH/2, Anchor: "end", S: r.label})
		for j, v := range r.values {
			w := plotW * float64(shown(v)) / float64(maxV)
			by := y + float64(j)*barH
			ch.Bars = append(ch.Bars, Bar{X: left, Y: by, W: w, H: barH - 2, Class: classes[j], Title: fmt.Sprintf("%s %s: %s", r.label, legend[min(j, len(legend)-1)].Label, Cell(v))})
			ch.Texts = append(ch.Texts, Text{X: left + w + 4, Y: by + barH - 4, Anchor: "start", S: Cell(v)})
		}
	}
	return ch
}

// niceMax rounds up to 1, 2 or 5 × 10ⁿ.
func niceMax(v uint64) uint64 {
	for p := uint64(1); ; p *= 10 {
		for _, m := range []uint64{1, 2, 5} {
			if m*p >= v {
				return m * p
			}
		}
	}
}

func (c *Collector) chartsHTML(w http.ResponseWriter, r *http.Request) {
	v := viewer(r)
	q := r.URL.Query()
	province, commune, _ := strings.Cut(q.Get("place"), "|")
	ch, err := c.BuildCharts(r.Context(), v.Scope, q.Get("from"), q.Get("to"), province, commune, q.Get("pack"))
	if err != nil {
		http.Error(w, "Tham số không hợp lệ / bad parameter: "+err.Error(), http.StatusBadRequest)
		return
	}
	c.render(w, "charts", page{Title: "Biểu đồ / Charts", Viewer: v, Charts: ch})
}
