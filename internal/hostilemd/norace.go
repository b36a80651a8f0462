//go:build !race

package hostilemd

const raceDetector = false
