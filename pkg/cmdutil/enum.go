package cmdutil

import (
	"slices"

	"github.com/roadlog/roadlog/pkg/suggest"
)

// CheckEnum checks a value given to an enum-valued flag or argument: nil
// when it is one of options, else an input error (exit 2) that says what
// to give instead — `--format: unknown format "jsn"; did you mean
// "json"?`, or `unknown kind "x"; use one of: items, themes, …` when
// nothing is close. flag, unless empty, names the flag.
func CheckEnum(flag, what, value string, options []string) error {
	if slices.Contains(options, value) {
		return nil
	}
	msg := suggest.Unknown(what, value, options)
	if flag != "" {
		msg = flag + ": " + msg
	}
	return InputErrorf("%s", msg)
}
