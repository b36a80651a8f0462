package plan

import (
	"math"
	"strconv"
)

// Every number roadlog works out is rounded here, once, the same way
// wherever it is shown or written (tables, CSV, JSON, the report, the
// diff): scores to two decimals, ratios such as progress to four, and
// percentages to whole numbers, each half away from zero.
const (
	scorePlaces = 2
	ratioPlaces = 4
)

// round rounds v to places decimals, half away from zero.
func round(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}

// roundScore rounds a score: 466.67, not 466.6666666666667.
func roundScore(v float64) float64 { return round(v, scorePlaces) }

// roundRatio rounds a ratio (0..1) to four decimals, so that 1/3 is 0.3333
// rather than 0.33333333333333315.
func roundRatio(v float64) float64 { return round(v, ratioPlaces) }

// Percent shows a ratio as a whole percentage: 0.3333 → "33%".
func Percent(ratio float64) string {
	return strconv.Itoa(int(round(ratio*100, 0))) + "%"
}

// FormatScore writes a score as shown everywhere: 640, 466.67.
func FormatScore(s float64) string {
	return strconv.FormatFloat(roundScore(s), 'f', -1, 64)
}
