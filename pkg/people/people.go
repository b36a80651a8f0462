// Package people answers who the user is among the people of roadlog.yaml
// (for --mine and me() in expressions) and lays out `roadlog people`: each
// person with what they own, from pkg/plan, as rows the view flags filter
// and sort.
package people

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Me returns the key under people in roadlog.yaml whose email is email
// (the Git user's), compared without regard to case. It is an error, saying
// what to add, when email is empty or nobody has it.
func Me(cfg *workspace.Config, email string) (string, error) {
	if strings.TrimSpace(email) == "" {
		return "", fmt.Errorf("who you are comes from your Git email (GIT_AUTHOR_EMAIL, else git config user.email), which is not set; set it with git config user.email you@example.com")
	}
	for _, k := range cfg.PeopleKeys() {
		if strings.EqualFold(strings.TrimSpace(cfg.People[k].Email), email) {
			return k, nil
		}
	}
	return "", fmt.Errorf("no one under people: in %s has the email %s (your Git email); add yourself there, e.g. people: {ID: {name: NAME, email: %s}}",
		workspace.ConfigFile, email, email)
}

// Fields are the fields of a person's row, in the default column order.
var Fields = []string{"id", "name", "role", "email", "open", "overdue", "initiatives"}

// Query is what the view flags ask of `roadlog people`.
type Query struct {
	Where string
	Sort  string
	Limit int
	Me    func() (string, error) // for me() in Where; nil: me() is not available
}

// FlagError is a mistake in one view flag's value.
type FlagError struct {
	Flag string
	Err  error
}

func (e *FlagError) Error() string { return e.Flag + ": " + e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// Rows returns every person, by ID, with what they own: the keys of
// people in roadlog.yaml and any other owner of open work.
func Rows(p *plan.Plan) []map[string]any {
	owned := p.People()
	ids := make([]string, 0, len(owned))
	for id := range owned {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rows := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		o := owned[id]
		row := map[string]any{
			"id": id, "open": int64(o.Open), "overdue": int64(o.Overdue), "initiatives": int64(o.Initiatives),
		}
		if person, ok := p.WS.Config.People[id]; ok {
			for k, v := range map[string]string{"name": person.Name, "role": person.Role, "email": person.Email} {
				if v != "" {
					row[k] = v
				}
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// Select filters, sorts and cuts the rows as q asks.
func Select(rows []map[string]any, today string, q Query) ([]map[string]any, error) {
	if strings.TrimSpace(q.Where) != "" {
		f, err := query.Compile(q.Where, Fields)
		if err != nil {
			return nil, &FlagError{"--where", err}
		}
		if f.UsesMe() {
			if q.Me == nil {
				return nil, &FlagError{"--where", errors.New("me() is not available here")}
			}
			if f.Me, err = q.Me(); err != nil {
				return nil, err
			}
		}
		kept := rows[:0:0]
		for _, r := range rows {
			ok, err := f.Match(r, today)
			var qe *query.Error
			if errors.As(err, &qe) {
				return nil, &FlagError{"--where", err}
			}
			if ok {
				kept = append(kept, r)
			}
		}
		rows = kept
	}
	if strings.TrimSpace(q.Sort) != "" {
		keys, err := query.ParseSort(q.Sort, Fields)
		if err != nil {
			return nil, &FlagError{"--sort", err}
		}
		slices.SortStableFunc(rows, func(a, b map[string]any) int { return query.Compare(a, b, keys) })
	}
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	return rows, nil
}
