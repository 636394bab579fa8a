//go:build race

package load

// raceSlowdown is how much slower code runs under the race detector, for
// tests that bound how long loading may take.
const raceSlowdown = 10
