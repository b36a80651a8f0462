// Package helptopics holds roadlog's help topics: pages that `roadlog help
// TOPIC` prints, which are not commands.
package helptopics

import "github.com/spf13/cobra"

// Expressions is `roadlog help expressions`: the language of --where.
func Expressions() *cobra.Command {
	return &cobra.Command{
		Use:   "expressions",
		Short: "the language of --where: fields, operators, me(), overdue, due_within()",
		Long: `--where takes an expression that is true or false for each record; the views
show the records for which it is true. It is expr-lang (expr-lang.org).

Names are the record's fields, as in its YAML (status, owner, labels,
score.reach), and the computed ones (score, open, blocked, progress,
overdue, …): each view's --help lists them. A name that is no field is an
error with a suggestion. A missing value is empty: comparisons with it are
false.

  status == "ready"                 compare with == and != (= is an error)
  score > 100 && owner != "ana"     && (and), || (or), ! or not
  status in ["ready", "review"]     one of a list
  "mobile" in labels                a list holds a value
  title contains "checkout"         text: contains, startsWith, endsWith, matches
  len(labels) > 1                   built-in functions: len, lower, upper, …
  created >= "2026-01-01"           dates are YYYY-MM-DD text and compare as text
  due < today                       today is the current date (SOURCE_DATE_EPOCH when set)

roadlog adds:

  me()               you: the key under people: in roadlog.yaml whose email is
                     git config user.email (an error saying what to add when
                     none is); --mine is --where 'owner == me()'
  overdue            an open item whose due date is before today
  due_within("14d")  an open record due from today to 14 days ahead; the
                     duration is a whole number and d (days), w (weeks),
                     m (months of 30 days) or y (years of 365 days)

Examples:

  roadlog backlog --mine --where 'status != "idea"'
  roadlog backlog --where 'overdue' --columns id,title,owner,due
  roadlog backlog --where 'owner == me() && due_within("2w")'
  roadlog list risks --where 'exposure >= 12 && open'

An expression must be true or false: --where 'title' is an error naming
its type (text), not a filter that matches nothing.`,
	}
}
