package change

import (
	"context"
	"crypto/rand"
	"errors"
	"math/big"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/model"
	"github.com/roadlog/roadlog/pkg/workspace"
)

// nextID returns the ID a new record of kind k gets. Items take
// product.key and, with ids: random in roadlog.yaml, four random letters
// and digits; other kinds take the prefix of the registry. A numbered ID
// is one above every ID of its prefix in the working tree and in every
// local and remote-tracking branch, so that two branches do not both take
// "the next" one. A theme is named after its title.
func (s *Session) nextID(ctx context.Context, k model.Kind, title string) (string, error) {
	cfg := s.WS.Config
	if k == model.KindTheme {
		id := model.Slug(title, 32)
		if model.CheckID(id) != nil || s.WS.Find(id) != nil { // a slug of other scripts is no ID
			return "", inputErrorf("give the theme an ID with --id")
		}
		return id, nil
	}
	prefix := k.Info().IDPrefix
	if k == model.KindItem {
		prefix = cfg.Product.Key
		if prefix == "" {
			return "", inputErrorf("roadlog.yaml sets no product.key to number items with; add one (key: ACME) or use --id")
		}
		if cfg.IDs == "random" {
			return randomID(s.WS, prefix)
		}
	}
	highest := 0
	note := func(id string) {
		if n, ok := numberOf(id, prefix); ok {
			highest = max(highest, n)
		}
	}
	for _, r := range s.WS.Records {
		note(r.ID())
	}
	branchIDs(ctx, s, k, note)
	return prefix + "-" + strconv.Itoa(highest+1), nil
}

// numberOf reads N from PREFIX-N.
func numberOf(id, prefix string) (int, bool) {
	rest, ok := strings.CutPrefix(id, prefix+"-")
	if !ok || rest == "" {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n >= 0
}

var (
	idInName = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9._]*-\d+)`)
	idInYAML = regexp.MustCompile(`(?m)^\s*-?\s*id:\s*["']?([A-Za-z][A-Za-z0-9._-]*)`)
)

// branchIDs feeds note with the IDs of the kind found in every local and
// remote-tracking branch: from file names for one-file records, from the
// list file's text otherwise. Without git it does nothing.
func branchIDs(ctx context.Context, s *Session, k model.Kind, note func(string)) {
	git, err := gitx.New(ctx, s.Root)
	if err != nil {
		return
	}
	refs, err := git.Branches(ctx)
	if err != nil {
		return
	}
	info := k.Info()
	where := s.WS.Config.PathOf(k)
	for _, ref := range refs {
		if info.OwnFile {
			names, err := git.Files(ctx, ref, where)
			if err != nil {
				continue
			}
			for _, n := range names {
				if m := idInName.FindStringSubmatch(path.Base(n)); m != nil {
					note(m[1])
				}
			}
			continue
		}
		text, err := git.Show(ctx, ref, where)
		if err != nil {
			continue
		}
		for _, m := range idInYAML.FindAllSubmatch(text, -1) {
			note(string(m[1]))
		}
	}
}

// randomID returns PREFIX-xxxx with four random letters and digits that no
// record has.
func randomID(ws *workspace.Workspace, prefix string) (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789" // no 0/o, 1/l
	for range 100 {
		b := make([]byte, 4)
		for i := range b {
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return "", err
			}
			b[i] = alphabet[n.Int64()]
		}
		id := prefix + "-" + string(b)
		if ws.Find(id) == nil {
			return id, nil
		}
	}
	return "", errors.New("could not find a free random ID")
}
