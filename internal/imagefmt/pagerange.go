package imagefmt

import "fmt"

// PageRangeError means a page asked for is not in the file; Pages is how
// many it has, so the answer can say so.
type PageRangeError struct{ Page, Pages int }

func (e *PageRangeError) Error() string {
	return fmt.Sprintf("imagefmt: page %d of a file with %d page(s)", e.Page, e.Pages)
}
