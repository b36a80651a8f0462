//go:build race

package hostilemd

// raceDetector is set when the race detector is on: it slows everything
// about tenfold, and unevenly.
const raceDetector = true
