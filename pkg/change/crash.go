//go:build !roadlog_crashtest || !unix

package change

// crashPoint marks a step of a write between which a crash must leave the
// workspace recoverable. It does nothing: only a binary built with the
// roadlog_crashtest tag, for the crash tests, can stop there (crash_hook.go).
func crashPoint(string) {}
