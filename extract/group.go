package extract

import (
	"cmp"
	"slices"
	"strings"
)

// group merges the mentions of doc.Entities that refer to the same entity.
// Two mentions are linked when they have the same label and
//
//   - the same base, ignoring case (Putins and Putin, BELEK and Belek), or
//   - for PER, a one-word base equal to the last word of a longer name's
//     base (Rutte joins Mark Rutte; when several names end in it, the one
//     mentioned last before it, else the first one).
//
// Derived and part mentions join the group of their base (russischen →
// Russland, NATO-Generalsekretär → NATO) and form a group of their own
// when the document does not name it. A group's name is the fullest base
// of its name mentions (most words, then not all capitals, then the first
// mentioned) or, without name mentions, the base of its first mention.
func group(doc *Document) []Group {
	ents := doc.Entities
	type key struct {
		label Label
		base  string
	}
	groups := []Group{}
	byKey := map[key]int{}
	byLast := map[string][]int{} // lower-case last word of a multi-word PER base → groups
	type lastOf struct {
		word  string
		group int
	}
	listed := map[lastOf]bool{} // the pairs in byLast
	// Full names first, so that short forms find them.
	order := make([]int, len(ents))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ea, eb := ents[a], ents[b]
		if c := cmp.Compare(boolInt(ea.Kind != Name), boolInt(eb.Kind != Name)); c != 0 {
			return c
		}
		return cmp.Compare(strings.Count(eb.Base, " "), strings.Count(ea.Base, " "))
	})
	for _, i := range order {
		e := ents[i]
		k := key{e.Label, strings.ToLower(e.Base)}
		g, ok := byKey[k]
		if !ok && e.Label == PER && !strings.Contains(e.Base, " ") {
			g, ok = nearest(groups, byLast[k.base], ents, e.Start)
		}
		if !ok {
			g = len(groups)
			groups = append(groups, Group{Label: e.Label})
		}
		byKey[k] = g
		groups[g].Mentions = append(groups[g].Mentions, i)
		if j := strings.LastIndexByte(k.base, ' '); j >= 0 && e.Label == PER {
			if last := k.base[j+1:]; !listed[lastOf{last, g}] {
				listed[lastOf{last, g}] = true
				byLast[last] = append(byLast[last], g)
			}
		}
	}
	for gi := range groups {
		g := &groups[gi]
		slices.Sort(g.Mentions)
		g.Name = ents[g.Mentions[0]].Base
		best := -1
		for _, m := range g.Mentions {
			if ents[m].Kind == Name && (best < 0 || fullness(ents[m].Base, ents[best].Base) < 0) {
				best = m
			}
		}
		if best >= 0 {
			g.Name = ents[best].Base
		}
	}
	slices.SortFunc(groups, func(a, b Group) int { return cmp.Compare(a.Mentions[0], b.Mentions[0]) })
	return groups
}

// nearest returns, of the candidate groups, the one mentioned last before
// byte offset start, else the first candidate.
func nearest(groups []Group, candidates []int, ents []Entity, start int) (int, bool) {
	if len(candidates) == 0 {
		return 0, false
	}
	best, bestAt := candidates[0], -1
	for _, g := range candidates {
		for _, m := range groups[g].Mentions {
			if at := ents[m].Start; at < start && at > bestAt {
				best, bestAt = g, at
			}
		}
	}
	return best, true
}
