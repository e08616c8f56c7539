package export

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/storage"
)

// AuditLine is one line of audit.jsonl: an event of an exported document,
// as stored. Line is the stored line byte for byte, so SHA256(Line) is
// LineSHA256, and the Prev of the trail's next event names it: an auditor
// can check every link between consecutive events in the file, and any
// link against the archive with `shohyo verify`.
type AuditLine struct {
	Segment    string `json:"segment"`
	Seq        int64  `json:"seq"`
	DocID      string `json:"doc_id"`
	Type       string `json:"type"`
	Prev       string `json:"prev,omitempty"`
	LineSHA256 string `json:"line_sha256"`
	Line       string `json:"line"`
}

// auditEvents copies the events of ids to w, reading one segment at a
// time so memory does not grow with the trail. It returns how many.
func (e *Exporter) auditEvents(ctx context.Context, ids []string, w *bufio.Writer) (int, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	var keys []string
	if err := e.Archive.List(ctx, audit.SegmentPrefix, func(i storage.Info) error {
		keys = append(keys, i.Key)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("export: list audit segments: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	n := 0
	for _, k := range keys {
		seg, err := audit.ReadSegment(ctx, e.Archive, k)
		if err != nil {
			return n, fmt.Errorf("export: audit segment: %w", err)
		}
		for i, ev := range seg.Events {
			if seg.Errs[i] != nil || !want[ev.DocID] {
				continue
			}
			l := AuditLine{Segment: k, Seq: ev.Seq, DocID: ev.DocID, Type: ev.Type, Prev: ev.Prev,
				LineSHA256: audit.HashLine(seg.Lines[i]), Line: string(seg.Lines[i])}
			if err := enc.Encode(l); err != nil {
				return n, fmt.Errorf("export: audit.jsonl: %w", err)
			}
			n++
		}
	}
	return n, nil
}

// writeCSVOnly writes records.csv alone (format nta-csv) and fills the
// manifest with its hash, for the audit event.
func (e *Exporter) writeCSVOnly(ctx context.Context, w io.Writer, job Job, m *Manifest, progress func(Progress)) error {
	hw := &hashingWriter{w: w, h: newHash()}
	bw := bufio.NewWriter(hw)
	csvw, closer, err := csvWriter(bw, job.Request.Encoding)
	if err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	if err := csvw.Write(Columns); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	for i, id := range job.IDs {
		if err := ctx.Err(); err != nil {
			return err
		}
		h, err := e.Docs.History(ctx, id)
		if err != nil {
			return fmt.Errorf("export: document %s: %w", id, err)
		}
		m.Counts.Documents++
		m.Counts.Versions += len(h.Versions)
		if h.Deletion != nil {
			m.Counts.Deletions++
		}
		if n := len(h.Versions); n > 0 {
			cur := &h.Versions[n-1].Version
			if err := csvw.Write(row(cur, h.Deletion, OriginalName(id, cur, cur.Original))); err != nil {
				return fmt.Errorf("export: csv: %w", err)
			}
		}
		if progress != nil {
			progress(Progress{Done: i + 1, Total: len(job.IDs), Bytes: hw.n})
		}
	}
	csvw.Flush()
	if err := csvw.Error(); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	if err := closer.Close(); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: csv: %w", err)
	}
	m.Files = []File{{Path: "records.csv", SHA256: hexSum(hw.h), Size: hw.n}}
	m.ExportSHA256 = ExportHash(m.Files)
	return nil
}
