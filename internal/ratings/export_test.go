package ratings

// ForceWalk makes every leaderboard page walk the ranking order (store.RankPage), so tests
// on small data cover the path large subtrees take; the returned func restores the limits.
func ForceWalk() func() {
	from, depth := walkFrom, walkDepth
	walkFrom, walkDepth = 0, 1<<30
	return func() { walkFrom, walkDepth = from, depth }
}
