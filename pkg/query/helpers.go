package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
)

// The helpers an expression may call besides expr-lang's built-ins:
//
//	me()              the person ID of the Git user (see [Filter.Me])
//	due_within("14d") an open record whose due date is from today to 14
//	                  days ahead; "2w" is weeks, "1m" months, "1y" years
//
// and the computed field overdue (an open record whose due date is before
// today) that pkg/plan adds to items.
const dueWithinFunc = "due_within"

// helperCalls checks the calls of me() and due_within(...) and rewrites
// them: me() reads a variable, due_within(SPEC) gets the record's due,
// open and today as its first arguments.
type helperCalls struct {
	me  bool
	err error
}

func (c *helperCalls) Visit(n *ast.Node) {
	call, ok := (*n).(*ast.CallNode)
	if !ok || c.err != nil {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	col := call.Location().From + 1
	switch id.Value {
	case "me":
		if len(call.Arguments) != 0 {
			c.err = &Error{Column: col, Msg: "me() takes no arguments"}
			return
		}
		c.me = true
		ast.Patch(n, &ast.IdentifierNode{Value: meVar})
	case dueWithinFunc:
		if len(call.Arguments) != 1 {
			c.err = &Error{Column: col, Msg: `due_within takes one duration, e.g. due_within("14d")`}
			return
		}
		if s, ok := call.Arguments[0].(*ast.StringNode); ok {
			if _, err := ParseDays(s.Value); err != nil {
				c.err = &Error{Column: s.Location().From + 1, Msg: err.Error()}
				return
			}
		}
		if len(call.Arguments) == 1 {
			call.Arguments = append([]ast.Node{
				&ast.IdentifierNode{Value: "due"},
				&ast.IdentifierNode{Value: "open"},
				&ast.IdentifierNode{Value: "today"},
			}, call.Arguments...)
		}
	}
}

// helperCallees collects the names of the helper functions where they are
// called, which are not fields.
type helperCallees struct{ ids []*ast.IdentifierNode }

func (c *helperCallees) Visit(n *ast.Node) {
	if call, ok := (*n).(*ast.CallNode); ok {
		if id, ok := call.Callee.(*ast.IdentifierNode); ok && (id.Value == "me" || id.Value == dueWithinFunc) {
			c.ids = append(c.ids, id)
		}
	}
}

// ParseDays reads a duration of due_within: a whole number followed by d
// (days), w (weeks), m (months, counted as 30 days) or y (years, 365).
func ParseDays(s string) (int, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("duration %q: give a whole number and a unit, d, w, m or y, e.g. \"14d\" or \"2w\"", s)
	if len(s) < 2 {
		return 0, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > 100000 {
		return 0, bad
	}
	switch s[len(s)-1] {
	case 'd':
		return n, nil
	case 'w':
		return 7 * n, nil
	case 'm':
		return 30 * n, nil
	case 'y':
		return 365 * n, nil
	}
	return 0, bad
}

// dueWithin is due_within(due, open, today, spec): open, and due from
// today to spec ahead.
func dueWithin(params ...any) (any, error) {
	if len(params) != 4 {
		return false, fmt.Errorf("due_within takes one duration")
	}
	spec, ok := params[3].(string)
	if !ok {
		return false, fmt.Errorf(`due_within takes a duration in quotes, e.g. due_within("14d")`)
	}
	days, err := ParseDays(spec)
	if err != nil {
		return false, err
	}
	open, _ := params[1].(bool)
	due, _ := params[0].(string)
	today, _ := params[2].(string)
	if !open || due == "" {
		return false, nil
	}
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return false, nil
	}
	return due >= today && due <= t.AddDate(0, 0, days).Format(time.DateOnly), nil
}
