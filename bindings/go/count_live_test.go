package memview

// The tests check liveViews (lifetime.go), which only counts when asked.
func init() { countLive = true }
