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
	var groups []Group
	byKey := map[key]int{}
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
			g, ok = lastNameGroup(groups, ents, e)
		}
		if !ok {
			g = len(groups)
			groups = append(groups, Group{Label: e.Label})
		}
		byKey[k] = g
		groups[g].Mentions = append(groups[g].Mentions, i)
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

// lastNameGroup finds the PER group whose multi-word name ends in e's
// one-word base: the one mentioned last before e, else the first.
func lastNameGroup(groups []Group, ents []Entity, e Entity) (int, bool) {
	found, foundAt := -1, -1
	for gi, g := range groups {
		if g.Label != PER {
			continue
		}
		match := false
		for _, m := range g.Mentions {
			b := ents[m].Base
			if i := strings.LastIndexByte(b, ' '); i >= 0 && strings.EqualFold(b[i+1:], e.Base) {
				match = true
				break
			}
		}
		if !match {
			continue
		}
		last := -1
		for _, m := range g.Mentions {
			if ents[m].Start < e.Start {
				last = max(last, ents[m].Start)
			}
		}
		if found < 0 || last > foundAt {
			found, foundAt = gi, last
		}
	}
	return found, found >= 0
}
