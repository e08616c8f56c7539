package extract

import "github.com/shohyo/shohyo/internal/record"

// itemRepairStrength weighs an item whose amount was read with a digit
// undone (see reconcileItems).
const itemRepairStrength = 0.8

// maxItemRepairs is how many item amounts reconcileItems changes at most
// to make the items add up: more would fit a sum by chance.
const maxItemRepairs = 2

// reconcileItems rereads the item amounts of a yen document with the
// digit misreadings reconcile knows (a 0 before 円 read as 6 or 9, 円
// itself read as a digit): an amount becomes its quantity times unit
// price when one reading is; on a document that reads every 0 before 円
// as 6, the 6s are undone; then, when the items do not add up to the
// subtotal (or the sum of the tax bases), the cheapest change of at most
// maxItemRepairs amounts that makes them is made. The subtotal and tax
// lines are only read, never changed.
func (d *doc) reconcileItems(items []*itemRead, subtotal *record.Field, tl *record.TaxLines) {
	zeroAsSix := d.zeroAsSix()
	reads := make([][]yen, len(items))
	chosen := make([]yen, len(items))
	for i, it := range items {
		reads[i] = yenReads(it.total, zeroAsSix)
		if len(reads[i]) == 0 {
			return // decimals or a negative line: no yen arithmetic
		}
		chosen[i] = cheapest(reads[i])
		if it.qty != nil && it.price != nil && it.qty.Amount.Value.Scale == 0 && it.price.Amount.Value.Scale == 0 {
			want := it.qty.Amount.Value.Units * it.price.Amount.Value.Units
			for _, y := range reads[i] {
				if y.v == want {
					chosen[i] = y
				}
			}
		}
	}
	target, ok := itemTarget(subtotal, tl)
	if ok && sumYen(chosen) != target {
		best, bestCost := []yen(nil), 0.0
		var try func(from, left int, cur []yen, cost float64)
		try = func(from, left int, cur []yen, cost float64) {
			if sumYen(cur) == target && (best == nil || cost < bestCost) {
				best, bestCost = append([]yen(nil), cur...), cost
			}
			if left == 0 {
				return
			}
			for i := from; i < len(cur); i++ {
				keep := cur[i]
				for _, y := range reads[i] {
					if y.v != keep.v {
						cur[i] = y
						try(i+1, left-1, cur, cost+y.cost)
					}
				}
				cur[i] = keep
			}
		}
		try(0, maxItemRepairs, append([]yen(nil), chosen...), 0)
		if best != nil {
			chosen = best
		}
	}
	for i, it := range items {
		if y := chosen[i]; y.v != it.total.Amount.Value.Units {
			a := *it.total
			a.Amount.Value.Units = y.v
			it.total = &a
			it.strength *= itemRepairStrength
		}
	}
}

// cheapest is the reading that costs least, the one as read on a tie.
func cheapest(ys []yen) yen {
	b := ys[0]
	for _, y := range ys[1:] {
		if y.cost < b.cost {
			b = y
		}
	}
	return b
}

func sumYen(ys []yen) int64 {
	var s int64
	for _, y := range ys {
		s += y.v
	}
	return s
}

// itemTarget is what the items of a yen document add up to: the subtotal,
// else the sum of the tax bases when every line has one.
func itemTarget(subtotal *record.Field, tl *record.TaxLines) (int64, bool) {
	if v, ok := yenValue(subtotal); ok {
		return v, true
	}
	if tl == nil || len(tl.Value) == 0 {
		return 0, false
	}
	var s int64
	for _, l := range tl.Value {
		v, ok := yenValue(&record.Field{Value: l.Base})
		if !ok {
			return 0, false
		}
		s += v
	}
	return s, true
}
