package index

// SetCheckpointEvery makes rebuild checkpoints come every n entries, so a
// test can interrupt a rebuild after a few; it returns the undo.
func SetCheckpointEvery(n int) func() {
	old := checkpointEvery
	checkpointEvery = n
	return func() { checkpointEvery = old }
}
