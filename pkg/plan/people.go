package plan

// Ownership is what one person owns of the plan.
type Ownership struct {
	Open        int // open backlog items
	Overdue     int // open items due before today
	Initiatives int // initiatives neither done nor dropped
}

// People returns what each person owns: every key of people in
// roadlog.yaml, and every other owner of an open item or initiative (a
// name validate reports), keyed by the owner field's value.
func (p *Plan) People() map[string]Ownership {
	out := map[string]Ownership{}
	for k := range p.WS.Config.People {
		out[k] = Ownership{}
	}
	for _, it := range p.WS.Items {
		if it.Owner == "" || p.Closed(it) {
			continue
		}
		l := out[it.Owner]
		l.Open++
		if p.Overdue(it) {
			l.Overdue++
		}
		out[it.Owner] = l
	}
	for _, in := range p.WS.Initiatives {
		if in.Owner == "" || in.Status == "done" || in.Status == "dropped" {
			continue
		}
		l := out[in.Owner]
		l.Initiatives++
		out[in.Owner] = l
	}
	return out
}
