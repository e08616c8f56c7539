package index

// SetCheckpointEvery makes rebuild checkpoints come every n entries, so a
// test can interrupt a rebuild after a few; it returns the undo.
func SetCheckpointEvery(n int) func() {
	old := checkpointEvery
	checkpointEvery = n
	return func() { checkpointEvery = old }
}

// SetCountAlwaysBelow changes the archive size under which totals are
// always exact; it returns the undo.
func SetCountAlwaysBelow(n uint64) func() {
	old := countAlwaysBelow
	countAlwaysBelow = n
	return func() { countAlwaysBelow = old }
}

// HasLatinLetter is the English filter's test for a Latin word, for the
// reference chain the one-pass analyzer is compared with.
var HasLatinLetter = hasLatinLetter
