package yamledit

import (
	"bytes"
	"strconv"

	"gopkg.in/yaml.v3"
)

// DeleteEntry removes the list element at path together with the comment
// lines directly above it, which describe it: `roadlog rm` of a record kept
// in a list file. Between two blank lines, the element takes one of them
// along, so that no two blank lines are left in a row. A flow list, or the
// last element of a list, is removed as [Doc.Delete] removes it.
func (d *Doc) DeleteEntry(path []string) error {
	if len(path) == 0 {
		return d.Delete(path)
	}
	if err := d.notFound(path); err != nil {
		return err
	}
	seq := d.parentOf(path)
	i, err := strconv.Atoi(path[len(path)-1])
	if seq == nil || seq.Kind != yaml.SequenceNode || seq.Style&yaml.FlowStyle != 0 || len(seq.Content) < 2 || err != nil {
		return d.Delete(path)
	}
	item := seq.Content[i]
	off := d.offset(item)
	ls := d.lineStart(off)
	itemIndent := off - ls - 2
	if itemIndent < 0 || string(bytes.TrimSpace(d.src[ls:off])) != "-" {
		return d.Delete(path)
	}
	_, end, err := d.extent(item, itemIndent, false)
	if err != nil {
		return err
	}
	start, stop := ls, d.nextLine(end)
	// Comment lines right above the dash, indented as the dash is, belong
	// to the element. yaml.v3 gives the first element's comment to the
	// list's key instead, so the lines are found in the text.
	for start > 0 {
		prev := d.lineStart(start - 1)
		line := d.src[prev:d.lineEnd(prev)]
		if indentOf(line) != itemIndent || !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			break
		}
		start = prev
	}
	if start >= 1 && stop < len(d.src) && d.blankLine(d.lineStart(start-1)) && d.blankLine(stop) {
		stop = d.nextLine(stop)
	} else if i == 0 && stop < len(d.src) && d.blankLine(stop) {
		stop = d.nextLine(stop) // the first element: the next one moves up under the key
	}
	want, err := withDelete(d.value, path)
	if err != nil {
		return err
	}
	parent := path[:len(path)-1]
	return d.styled(parent, func() error {
		return d.commit(splice(d.src, start, stop, ""), want)
	})
}
