package collector

import (
	"cmp"
	"slices"
)

// Skills tells the console which groups of the basic digital-skills
// framework (Decision 757/QĐ-BKHCN) each practice pack trains, so the
// report can name them. The collector does not read packs itself: the
// command builds this from a kiosk-config (the sample one by default).
type Skills struct {
	Framework string
	Groups    []SkillGroup        // the framework's order
	PackAreas map[string][]string // pack id → the areas (SkillGroup.Area) it trains, each once
}

// SkillGroup is one area of the framework as skills.yaml names it.
type SkillGroup struct {
	Area   string // skills.yaml's id, e.g. "an-toan-so"
	Group  string // the framework's own number, e.g. "4"
	VI, EN string
}

// SkillRow is one group's line of the report: the practices, over the
// period and the viewer's scope, of every pack that trains it. A practice
// counts once in each group of its pack, so the rows do not add up to the
// pack table.
type SkillRow struct {
	SkillGroup
	Packs                      []string // the packs seen in the period that train it
	Starts, Finishes, HandOffs uint64
}

// skillRows sums the pack rows by skill group; packs the map does not know
// (a pack only some kiosks have) come back by id, so the page can say that
// they are not counted in any group.
func skillRows(sk *Skills, packs []PackRow) (rows []SkillRow, unknown []string) {
	if sk == nil {
		return nil, nil
	}
	idx := map[string]int{}
	for _, g := range sk.Groups {
		idx[g.Area] = len(rows)
		rows = append(rows, SkillRow{SkillGroup: g})
	}
	seen := map[[2]string]bool{}
	miss := map[string]bool{}
	for _, p := range packs {
		areas, ok := sk.PackAreas[p.Pack]
		if !ok {
			miss[p.Pack] = true
			continue
		}
		for _, a := range areas {
			i, ok := idx[a]
			if !ok {
				continue
			}
			r := &rows[i]
			r.Starts += p.Starts
			r.Finishes += p.Finishes
			r.HandOffs += p.HandOffs
			if !seen[[2]string{a, p.Pack}] {
				seen[[2]string{a, p.Pack}] = true
				r.Packs = append(r.Packs, p.Pack)
			}
		}
	}
	for _, r := range rows {
		slices.Sort(r.Packs)
	}
	for id := range miss {
		unknown = append(unknown, id)
	}
	slices.SortFunc(unknown, cmp.Compare)
	return rows, unknown
}
