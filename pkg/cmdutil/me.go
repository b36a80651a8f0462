package cmdutil

import (
	"context"

	"github.com/roadlog/roadlog/pkg/gitx"
	"github.com/roadlog/roadlog/pkg/people"
)

// Me finds who the user is: the key under people in roadlog.yaml whose
// email is git config user.email. The views call it only for --mine or
// me(), through [Bind].
func (f *Factory) Me(ctx context.Context) (string, error) {
	ws, err := f.Workspace(ctx)
	if err != nil {
		return "", err
	}
	email, err := gitx.UserEmail(ctx, ws.Root)
	if err != nil {
		return "", FailureErrorf("%w", err)
	}
	id, err := people.Me(ws.Config, email)
	if err != nil {
		return "", InputErrorf("%w", err)
	}
	return id, nil
}

// Bind returns fn with ctx bound, for view.Query.Me; nil stays nil.
func Bind(ctx context.Context, fn func(context.Context) (string, error)) func() (string, error) {
	if fn == nil {
		return nil
	}
	return func() (string, error) { return fn(ctx) }
}
