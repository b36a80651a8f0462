package cmdutil

import (
	"errors"
	"io"
	"os"
	"unicode/utf8"

	"github.com/roadlog/roadlog/pkg/iostreams"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ReadBodyFile reads the text of a --body-file flag: the file at path
// (relative to where roadlog runs, not to the workspace: it is the user's
// own file), or standard input for "-". An unreadable file is exit 2, as
// a wrong flag is; so is text that is not UTF-8.
func ReadBodyFile(ios *iostreams.IOStreams, flag, path string) (string, error) {
	var (
		b   []byte
		err error
	)
	if path == "-" {
		b, err = io.ReadAll(ios.In)
	} else {
		b, err = os.ReadFile(path) // the user's own file, named on the command line
	}
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the message names the path already
		}
		return "", InputErrorf("%s %s: %v", flag, path, err)
	}
	if !utf8.Valid(b) {
		return "", InputErrorf("%s %s: not valid UTF-8 text; save it as UTF-8", flag, path)
	}
	return string(b), nil
}

// BodyFlags are --body TEXT and --body-file FILE|-, of new and set.
type BodyFlags struct {
	text, file string
	flags      *pflag.FlagSet
}

// Register adds the flags to cmd; what names the record ("the item").
func (b *BodyFlags) Register(cmd *cobra.Command, what string) {
	b.flags = cmd.Flags()
	b.flags.StringVar(&b.text, "body", "", "the Markdown `TEXT` of "+what)
	b.flags.StringVar(&b.file, "body-file", "", "read the Markdown of "+what+" from `FILE` (- for standard input)")
}

// Given reports whether either flag was given.
func (b *BodyFlags) Given() bool {
	return b.flags != nil && (b.flags.Changed("body") || b.flags.Changed("body-file"))
}

// Check refuses both flags at once, a usage error.
func (b *BodyFlags) Check() error {
	if b.flags != nil && b.flags.Changed("body") && b.flags.Changed("body-file") {
		return UsageErrorf("--body and --body-file both give the text: use one")
	}
	return nil
}

// Read returns the body the flags give: nil when neither was given. Both
// at once are a usage error.
func (b *BodyFlags) Read(ios *iostreams.IOStreams) (*string, error) {
	if b.flags == nil {
		return nil, nil
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	switch {
	case b.flags.Changed("body-file"):
		s, err := ReadBodyFile(ios, "--body-file", b.file)
		return &s, err
	case b.flags.Changed("body"):
		return &b.text, nil
	}
	return nil, nil
}
