// Package templates holds the Markdown body a new backlog item starts
// with, one per type: built in (a bug asks for steps to reproduce, what
// was expected and what happened), overridable per workspace by
// .roadlog/templates/<type>.md, or by .roadlog/templates/item.md for every
// type without a file of its own.
package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"
)

// Dir is the workspace folder of template files.
const Dir = ".roadlog/templates"

// Fallback is the name, without .md, of the template file for every type
// that has none of its own.
const Fallback = "item"

// builtin are the bodies of the types roadlog.yaml has by default; any
// other type gets generic.
var builtin = map[string]string{
	"story": "## Description\n\nAs a (who), I want (what), so that (why).\n\n## Acceptance criteria\n",
	"bug": "## Steps to reproduce\n\n1. Go to …\n2. …\n\n## Expected\n\nWhat should happen.\n\n## Actual\n\nWhat happens instead (versions, device, logs).\n\n" +
		"## Acceptance criteria\n",
	"epic":  "## Goal\n\nWhat the epic achieves, for whom, and how we know it is done.\n\n## Scope\n\nWhat is in, and what is out.\n\n## Acceptance criteria\n",
	"spike": "## Question\n\nWhat we need to find out, and what decision it informs.\n\n## Timebox\n\nHow long we spend before we decide with what we know.\n\n## Findings\n",
	"task":  "## Description\n\nWhat to do, and why.\n\n## Acceptance criteria\n",
}

const generic = "## Description\n\nWhat it is, who it is for, and why it matters.\n\n## Acceptance criteria\n"

// Error is a template file that cannot be used.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Body returns the body a new item of type typ starts with: the
// workspace's .roadlog/templates/<typ>.md, else its item.md, else the
// built-in one. fsys is the workspace root, opened with os.Root, so that a
// template that links out of the workspace is refused. A template that is
// not UTF-8 text is refused; CRLF line endings become LF, as the rest of a
// new file has.
func Body(fsys fs.FS, typ string) (string, error) {
	for _, name := range []string{typ, Fallback} {
		if name == "" || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
			continue
		}
		p := path.Join(Dir, name+".md")
		b, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			if _, lerr := fs.Lstat(fsys, p); lerr == nil {
				return "", &Error{p, errors.New("is a link to nothing; point it at a file in the workspace, or remove it")}
			}
			continue
		}
		if err != nil {
			if fi, lerr := fs.Lstat(fsys, p); lerr == nil && fi.Mode()&fs.ModeSymlink != 0 {
				return "", &Error{p, errors.New("is a link that leads out of the workspace; roadlog reads templates only inside it: copy the file in")}
			}
			return "", &Error{p, fmt.Errorf("cannot be read: %w", unwrapPath(err))}
		}
		return clean(p, b)
	}
	if b, ok := builtin[typ]; ok {
		return b, nil
	}
	return generic, nil
}

// clean checks a template's text and gives it LF line endings.
func clean(p string, b []byte) (string, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return "", &Error{p, errors.New("is not UTF-8 text; save it as UTF-8")}
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return "", &Error{p, errors.New("is not text (it has NUL bytes)")}
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s, nil
}

// unwrapPath drops the *fs.PathError around err: the message names the
// path already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
