// Package view turns records into what the view commands and the JSON API
// show: rows filtered by --where, ordered by --sort, cut by --limit, and
// shown as the --columns of a table or as JSON objects that keep the
// YAML's field names; what each named view is (backlog, board, list,
// roadmap, objectives, people, stats: its records, default columns,
// options and JSON); and one record as `roadlog show` has it.
package view

import (
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/parallel"
	"github.com/roadlog/roadlog/pkg/plan"
	"github.com/roadlog/roadlog/pkg/query"
	"github.com/roadlog/roadlog/pkg/render"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// Query is what the view flags ask for.
type Query struct {
	Where   string
	Sort    string
	Columns []string // nil: the view's default
	Limit   int
	// Me finds the person ID of the user, for me() in Where; it is called
	// only when Where uses it.
	Me func() (string, error)
	// Archived keeps archived items (roadlog archive), which are left out
	// otherwise.
	Archived bool
}

// FlagError is a mistake in one flag's value.
type FlagError struct {
	Flag string
	Err  error
}

func (e *FlagError) Error() string { return e.Flag + ": " + e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// Row is a record with its fields, stored and computed.
type Row struct {
	Record *workspace.Record
	Values map[string]any
}

// Select applies the query to records of one kind, keeping their order
// where --sort does not decide.
func Select(p *plan.Plan, kind model.Kind, recs []*workspace.Record, q Query) ([]Row, error) {
	fields := p.FieldNames(kind)
	if err := CheckColumns(q.Columns, fields); err != nil {
		return nil, err
	}
	filter, err := CompileWhere(q.Where, fields, q.Me)
	if err != nil {
		return nil, err
	}
	var keys []query.SortKey
	if strings.TrimSpace(q.Sort) != "" {
		k, err := query.ParseSort(q.Sort, fields)
		if err != nil {
			return nil, &FlagError{"--sort", err}
		}
		for i := range k {
			k[i].Order = p.EnumOrder(kind, k[i].Path)
		}
		keys = k
	}
	// The rows are made on every core (a row computes scores, progress and
	// criteria: most of a view's time), then filtered in order.
	all := make([]map[string]any, len(recs))
	_ = parallel.For(context.Background(), len(recs), func(j int) {
		r := recs[j]
		if it, ok := r.Model.(*model.Item); ok && !q.Archived && p.Archived(it) {
			return
		}
		all[j] = p.Row(r)
	})
	rows := make([]Row, 0, len(recs))
	var firstErr error
	failed := 0
	for j, r := range recs {
		values := all[j]
		if values == nil {
			continue // archived
		}
		if filter != nil {
			ok, err := filter.Match(values, p.Today)
			var qe *query.Error
			if errors.As(err, &qe) {
				return nil, &FlagError{"--where", err} // not true or false
			}
			if err != nil {
				failed++
				if firstErr == nil {
					firstErr = err
				}
			}
			if !ok {
				continue
			}
		}
		rows = append(rows, Row{Record: r, Values: values})
	}
	if filter != nil && failed > 0 && failed == len(recs) {
		// Failing on every record is a mistake in the expression (a
		// comparison of text with a number), not missing values.
		return nil, WhereFailed(firstErr)
	}
	if keys != nil {
		slices.SortStableFunc(rows, func(a, b Row) int { return query.Compare(a.Values, b.Values, keys) })
	}
	if q.Limit > 0 && len(rows) > q.Limit {
		rows = rows[:q.Limit]
	}
	return rows, nil
}

var runtimeLocation = regexp.MustCompile(`^(.*) \((\d+):(\d+)\)$`)

// runtimeError turns an expr runtime error, "invalid operation: string >
// int (1:8)" and a snippet, into a query error with its column.
func runtimeError(err error) error {
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if m := runtimeLocation.FindStringSubmatch(msg); m != nil {
		col, _ := strconv.Atoi(m[3])
		return &query.Error{Column: col, Msg: m[1]}
	}
	return &query.Error{Msg: msg}
}

// WhereFailed is the error of a --where expression that failed on every
// record it was tried on: a mistake in it (a comparison of text with a
// number), not missing values. err is the first failure.
func WhereFailed(err error) error { return &FlagError{"--where", runtimeError(err)} }

// CheckColumns reports a column that names no field.
func CheckColumns(cols, fields []string) error {
	for _, c := range cols {
		if err := query.CheckPath(c, fields); err != nil {
			return &FlagError{"--columns", err}
		}
	}
	return nil
}

// IsFlagError reports whether err is a mistake in a view flag.
func IsFlagError(err error) bool {
	var fe *FlagError
	return errors.As(err, &fe)
}

// Records returns the workspace records of a kind, in the order a view
// shows them by default: items by rank, insights and decisions by ID,
// records of list files in file order.
func Records(p *plan.Plan, kind model.Kind) []*workspace.Record {
	var out []*workspace.Record
	if kind == model.KindItem {
		for _, it := range p.Items() {
			out = append(out, p.WS.RecordOf(it))
		}
		return out
	}
	for _, r := range p.WS.Records {
		if r.Kind() == kind {
			out = append(out, r)
		}
	}
	if kind == model.KindInsight || kind == model.KindDecision {
		slices.SortStableFunc(out, func(a, b *workspace.Record) int { return model.CompareIDs(a.ID(), b.ID()) })
	}
	return out
}

// Cell formats a value for a terminal or Markdown table: scores rounded,
// progress as a percentage.
func Cell(column string, v any) string {
	switch column {
	case "score":
		if f, ok := v.(float64); ok {
			return plan.FormatScore(f)
		}
	case "progress":
		if f, ok := v.(float64); ok {
			return plan.Percent(f)
		}
	}
	return query.Text(v)
}

// Card is a record as a board or roadmap card shows it: the fields, one a
// line, empty ones left out.
func Card(r Row, fields []string) string { return strings.Join(CardFields(r, fields), "\n") }

// CardFields are the lines of a [Card]: the fields formatted as in a
// table ([Cell]) and cleaned, empty ones left out.
func CardFields(r Row, fields []string) []string {
	parts := make([]string, 0, len(fields))
	for _, f := range fields {
		if s := safetext.Line(Cell(f, query.Lookup(r.Values, f))); s != "" {
			parts = append(parts, s)
		}
	}
	return parts
}

// progressNote says why a record has no progress where it matters: an
// objective's key results not all measurable.
func progressNote(r Row) string {
	if o, ok := r.Record.Model.(*model.Objective); ok {
		return plan.ObjectiveProgressOf(o.KeyResults, nil).Note()
	}
	return ""
}

// Layout lays rows out under the columns as a table to render. raw keeps
// values unformatted (for CSV, which scripts read).
func Layout(rows []Row, columns []string, raw bool) *render.Table {
	t := &render.Table{}
	numeric := make([]bool, len(columns))
	for j := range columns {
		numeric[j] = true
	}
	for _, r := range rows {
		cells := make([]string, len(columns))
		for j, c := range columns {
			v := query.Lookup(r.Values, c)
			switch {
			case raw:
				cells[j] = query.Text(v)
			case v == nil && c == "progress":
				cells[j] = progressNote(r)
				if cells[j] != "" {
					numeric[j] = false
				}
			default:
				cells[j] = Cell(c, v)
			}
			switch v.(type) {
			case nil, float64, int64:
			default:
				numeric[j] = false
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	for j, c := range columns {
		num := numeric[j] && len(rows) > 0 // no rows tell nothing
		t.Columns = append(t.Columns, render.Column{
			Name:  c,
			Right: num,
			Fixed: num || fixedColumns[c],
			Flex:  !num && !fixedColumns[c] && !shortColumns[c],
			Drop:  DropRank(c),
		})
	}
	return t
}

// lowValue lists the columns a terminal table may leave out when it is too
// narrow, least useful first: what a narrow table loses before a title is
// cut to a word. IDs, titles, names and custom fields are never left out.
var lowValue = []string{
	"file", "kind", "rank", "criteria_done", "criteria_total", "children", "labels", "created", "visibility",
	"customer", "owner", "confidence", "type", "source", "theme", "initiatives", "objective", "supersedes",
	"period", "start", "cited_by", "items", "end", "date", "due", "current", "target", "exposure",
	"horizon", "score", "status", "progress",
}

// DropRank is a column's render.Column.Drop: the less useful, the higher;
// 0 for a column that stays.
func DropRank(column string) int {
	if i := slices.Index(lowValue, column); i >= 0 {
		return len(lowValue) - i
	}
	return 0
}

// fixedColumns hold IDs, dates and enum values: never shortened.
var fixedColumns = map[string]bool{
	"id": true, "parent": true, "initiative": true, "release": true, "theme": true, "objective": true,
	"supersedes": true, "status": true, "type": true, "horizon": true, "kind": true, "rank": true,
	"start": true, "end": true, "date": true, "due": true, "created": true, "moscow": true, "source": true,
}

// shortColumns are shortened only after the long text.
var shortColumns = map[string]bool{"owner": true, "confidence": true, "unit": true, "period": true, "visibility": true}

// Object is one record in JSON output.
type Object map[string]any

// jsonScoreInputs is the key of an item's stored score: mapping (the inputs
// of the scoring model) in JSON, since "score" is the computed number
// wherever it appears, with --columns or without.
const jsonScoreInputs = "score_inputs"

// Objects turns rows into JSON objects. With columns, each object has
// exactly those keys; without, the record's fields as in the YAML (but an
// item's score inputs under score_inputs) plus a "computed" object (score,
// progress, open, …, kind and file).
func Objects(rows []Row, columns []string) []Object {
	out := make([]Object, 0, len(rows))
	for _, r := range rows {
		o := Object{}
		if columns != nil {
			for _, c := range columns {
				o[c] = query.Lookup(r.Values, c)
			}
			out = append(out, o)
			continue
		}
		stored := r.Record.Meta().Fields
		for k, v := range stored {
			o[k] = v
		}
		if in, ok := stored["score"]; ok && r.Record.Kind() == model.KindItem {
			delete(o, "score")
			if _, clash := stored[jsonScoreInputs]; !clash {
				o[jsonScoreInputs] = in
			}
		}
		computed := map[string]any{}
		for k, v := range r.Values {
			if k == plan.ScoreInputs {
				continue
			}
			if _, isStored := stored[k]; isStored && k != "score" {
				continue
			}
			if (k == "score" && r.Record.Kind() != model.KindItem) || k == "body" {
				continue // the body is for --where and --columns, not every object
			}
			computed[k] = v
		}
		o["computed"] = computed
		out = append(out, o)
	}
	return out
}

// Print writes a table view in a view format: JSON as [Table.JSON] has
// it, else the rows under the columns.
func Print(w io.Writer, format string, width int, t *Table) error {
	if format == "json" {
		return render.JSON(w, t.JSON())
	}
	return render.Write(w, format, Layout(t.Rows, t.Columns, render.Raw(format)), render.Options{Width: width})
}

// CompileWhere compiles a --where expression over fields, nil when where
// is blank; me finds the user for me(), and is called only when the
// expression uses it (nil: me() is not available). A mistake in the
// expression is a [FlagError].
func CompileWhere(where string, fields []string, me func() (string, error)) (*query.Filter, error) {
	if strings.TrimSpace(where) == "" {
		return nil, nil
	}
	f, err := query.Compile(where, fields)
	if err != nil {
		return nil, &FlagError{"--where", err}
	}
	if f.UsesMe() {
		if me == nil {
			return nil, &FlagError{"--where", errors.New("me() is not available here")}
		}
		id, err := me()
		if err != nil {
			return nil, err
		}
		f.Me = id
	}
	return f, nil
}
