package imagefmt

import (
	"fmt"

	"github.com/shohyo/shohyo/internal/fault"
)

// openTIFF follows the directory chain, keeping full-resolution pages and
// skipping reduced-resolution thumbnails some scanners add.
func (f *File) openTIFF(lim Limits) error {
	order, off, err := tiffHeader(f.data)
	if err != nil {
		return damaged(err)
	}
	seen := map[uint32]bool{}
	for off != 0 {
		if seen[off] {
			return damaged(fmt.Errorf("tiff: directory loop at offset %d", off))
		}
		seen[off] = true
		d, err := readIFD(f.data, order, off)
		if err != nil {
			if len(f.pages) > 0 {
				break // keep the pages before a broken trailing directory
			}
			return damaged(err)
		}
		if d.uint(tagNewSubfileType, 0)&1 == 0 {
			f.pages = append(f.pages, tiffPageInfo(d))
			f.ifds = append(f.ifds, off)
			if lim.MaxPages > 0 && len(f.pages) > lim.MaxPages {
				return fault.Permanent(fmt.Sprintf("The TIFF file has more than %d pages, the most one document may have. Split it into separate documents.", lim.MaxPages), nil)
			}
		}
		off = d.next
	}
	if len(f.pages) == 0 {
		return damaged(fmt.Errorf("tiff: no pages"))
	}
	return nil
}
