package cmdutil

import (
	"context"
	"errors"
	"strings"

	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/roadlog/roadlog/pkg/safetext"
	"github.com/roadlog/roadlog/pkg/script"
	"github.com/spf13/cobra"
)

// ScriptFlags are --json FIELDS and --jq EXPR, the scripting form of a
// command's output, as gh has them: a plain JSON array of objects (one
// object for a command that shows one thing) with only the fields asked
// for, no envelope and no schema_version, optionally filtered by jq.
// A command adds them with one call to [ScriptFlags.Register] and, when
// [ScriptFlags.On], writes through [ScriptFlags.Write] instead of its
// --format.
type ScriptFlags struct {
	json   string
	jq     string
	on     bool
	filter *script.Filter
	fields func(cmd *cobra.Command) []string
}

// Register adds --json and --jq to cmd. fields lists the field names of
// what cmd shows (nil when they cannot be known yet): for completion and
// for the list that --json without a value prints.
func (s *ScriptFlags) Register(cmd *cobra.Command, fields func(cmd *cobra.Command) []string) {
	s.fields = fields
	f := cmd.Flags()
	f.StringVar(&s.json, "json", "", "print JSON with these `FIELDS`, comma-separated (--json alone lists them)")
	f.StringVar(&s.jq, "jq", "", "filter the --json output with a jq `EXPR`ession")
	_ = cmd.RegisterFlagCompletionFunc("json", SafeCompletions(func(c *cobra.Command, _ []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		prefix := ""
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			prefix = toComplete[:i+1]
		}
		var out []string
		for _, name := range s.names(c) {
			out = append(out, prefix+name)
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}))
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		if strings.HasPrefix(err.Error(), "flag needs an argument: --json") {
			return s.listFields(c)
		}
		if p := c.Parent(); p != nil {
			return p.FlagErrorFunc()(c, err)
		}
		return UsageErrorf("%s", err)
	})
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := s.check(c); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

func (s *ScriptFlags) names(c *cobra.Command) []string {
	if s.fields == nil {
		return nil
	}
	return s.fields(c)
}

// listFields is --json without FIELDS: the fields to choose from, as gh
// lists them.
func (s *ScriptFlags) listFields(c *cobra.Command) error {
	names := s.names(c)
	if len(names) == 0 {
		return InputErrorf("--json needs FIELDS, comma-separated")
	}
	return InputErrorf("--json needs FIELDS, comma-separated; these are %s's fields:\n  %s", c.Name(), strings.Join(names, "\n  "))
}

// check reads the flags before the command runs: --jq needs --json, and
// --json replaces --format and --columns, so neither may come with it.
func (s *ScriptFlags) check(c *cobra.Command) error {
	s.on = c.Flags().Changed("json")
	if !s.on {
		if c.Flags().Changed("jq") {
			return InputErrorf("--jq filters the output of --json: give --json FIELDS too")
		}
		return nil
	}
	if len(script.Fields(s.json)) == 0 {
		return s.listFields(c)
	}
	for _, name := range []string{"format", "columns"} {
		if fl := c.Flags().Lookup(name); fl != nil && fl.Changed {
			return InputErrorf("--json prints the fields it names as JSON; leave out --%s", name)
		}
	}
	if c.Flags().Changed("jq") {
		f, err := script.Compile(s.jq)
		if err != nil {
			return InputErrorf("%w", err)
		}
		s.filter = f
	}
	return nil
}

// On reports whether --json was given: the command writes through
// [ScriptFlags.Write].
func (s *ScriptFlags) On() bool { return s.on }

// Write writes v, a slice of objects or one object (maps or structs that
// encode to JSON objects), keeping of each only the --json fields, which
// must be among known; then filters it with --jq when given.
func (s *ScriptFlags) Write(ctx context.Context, ios *iostreams.IOStreams, v any, known []string) error {
	fields := script.Fields(s.json)
	if err := script.Check(fields, known); err != nil {
		return InputErrorf("--json: %w", err)
	}
	g, err := script.Generic(v)
	if err != nil {
		return err
	}
	switch x := g.(type) {
	case []any:
		for i, o := range x {
			if m, ok := o.(map[string]any); ok {
				x[i] = script.Pick(m, fields)
			}
		}
	case map[string]any:
		g = script.Pick(x, fields)
	case nil:
		g = []any{}
	}
	if s.filter == nil {
		return script.Write(ios.Out, g)
	}
	var clean func(string) string
	if ios.IsStdoutTTY() {
		clean = safetext.Text
	}
	if err := s.filter.Run(ctx, ios.Out, g, clean); err != nil {
		var se *script.Error
		if errors.As(err, &se) {
			return FailureErrorf("%w", err)
		}
		return err
	}
	return nil
}
