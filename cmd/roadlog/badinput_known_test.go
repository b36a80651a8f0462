//go:build unix

package main

// knownFailures are the cases of the bad-input matrix (TestBadInput) that
// fail on this branch, keyed "input/command", with the issue item that
// fixes them; /work/briefs/matrix-findings.md describes each class. A case
// listed here that passes fails the test, so that the list shrinks as the
// fixes land: remove its line (grep for the item). A reason containing
// "hang" (a process that waits, using no CPU) runs beside the worker pool;
// one containing "hang" or "slow" gets a short timeout, as it only has to
// show that it still is.
var knownFailures = map[string]string{}
