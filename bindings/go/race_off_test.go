//go:build !race

package memview

const raceEnabled = false
