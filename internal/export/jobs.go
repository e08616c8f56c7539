package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/shohyo/shohyo/internal/storage"
)

// Export jobs live in the archive bucket, create-only like everything
// there, so a job, its outcome and its file outlive the process that ran
// it:
//
//	exports/<id>/job.json        JobRecord: the request, who, when, the documents resolved
//	exports/<id>/runs/<n>.json   Run: run n (from 1) of the job started
//	exports/<id>/file-<n>.zip    the file of run n (.csv for the NTA CSV)
//	exports/<id>/done.json       Result: the file's key, size and hashes
//	exports/<id>/failed.json     Failure: why the job was given up
//
// A job with neither done.json nor failed.json was cut short (serve
// stopped or crashed): it is run again, from the start, up to MaxRuns
// runs, then failed with the reason.
const jobsPrefix = "exports/"

// MaxRuns is how often a job is started before it is given up: a job
// that takes the process down every time must not do so forever.
const MaxRuns = 3

// JobRecord is a job as asked for. The documents are resolved once, at
// the request, so a re-run exports exactly the same set.
type JobRecord struct {
	ID        string    `json:"id"`
	Request   Request   `json:"request"`
	By        Actor     `json:"by"`
	DocIDs    []string  `json:"doc_ids"`
	CreatedAt time.Time `json:"created_at"`
}

// Job is the record as the Exporter takes it.
func (r *JobRecord) Job() Job { return Job{ID: r.ID, Request: r.Request, By: r.By, IDs: r.DocIDs} }

// Ext is the file's extension: .zip, or .csv for the NTA CSV.
func (r *JobRecord) Ext() string {
	if r.Request.Format == FormatNTACSV {
		return ".csv"
	}
	return ".zip"
}

// Run marks the start of one run of a job.
type Run struct {
	N         int       `json:"n"`
	StartedAt time.Time `json:"started_at"`
}

// Result is a finished job's file.
type Result struct {
	File         string    `json:"file"` // archive key
	Size         int64     `json:"size"`
	FileSHA256   string    `json:"file_sha256"`
	ExportSHA256 string    `json:"export_sha256"`
	Documents    int       `json:"documents"`
	FinishedAt   time.Time `json:"finished_at"`
}

// Failure is a job given up.
type Failure struct {
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// JobState is what the archive holds of one job.
type JobState struct {
	Record  JobRecord
	Runs    int
	Result  *Result
	Failure *Failure
}

// Finished reports whether the job has its outcome.
func (s *JobState) Finished() bool { return s.Result != nil || s.Failure != nil }

// Jobs keeps export jobs in a bucket (the archive).
type Jobs struct {
	B   *storage.Bucket
	Now func() time.Time
}

// ValidJobID reports whether id can be a job id: 16 lowercase hex digits.
func ValidJobID(id string) bool {
	return len(id) == 16 && strings.Trim(id, "0123456789abcdef") == ""
}

func jobKey(id, name string) string { return jobsPrefix + id + "/" + name }

// Create stores a new job; an id in use is storage.ErrExists.
func (j *Jobs) Create(ctx context.Context, r *JobRecord) error {
	if err := j.B.CreateJSON(ctx, jobKey(r.ID, "job.json"), r); err != nil {
		return fmt.Errorf("export: store job %s: %w", r.ID, err)
	}
	return nil
}

// StartRun records the start of the job's next run and returns its
// number.
func (j *Jobs) StartRun(ctx context.Context, id string) (int, error) {
	st, err := j.Load(ctx, id)
	if err != nil {
		return 0, err
	}
	for n := st.Runs + 1; ; n++ {
		err := j.B.CreateJSON(ctx, jobKey(id, fmt.Sprintf("runs/%06d.json", n)), Run{N: n, StartedAt: j.Now().UTC()})
		if errors.Is(err, storage.ErrExists) {
			continue // another process started one meanwhile
		}
		if err != nil {
			return 0, fmt.Errorf("export: start run of %s: %w", id, err)
		}
		return n, nil
	}
}

// Finish stores the file of run n (res.Size bytes from file) and then
// the job's result, in that order: a result always names a stored file.
// It returns the result as stored, with the file's key. The
// file is per run because a run cut short after storing its file cannot
// remove it, and the next run's bytes differ (the manifest has the time).
func (j *Jobs) Finish(ctx context.Context, r *JobRecord, n int, file io.Reader, res Result) (Result, error) {
	res.File = jobKey(r.ID, fmt.Sprintf("file-%06d%s", n, r.Ext()))
	ct := "application/zip"
	if r.Ext() == ".csv" {
		ct = "text/csv"
	}
	if err := j.B.Create(ctx, res.File, file, res.Size, ct); err != nil {
		return res, fmt.Errorf("export: store file of %s: %w", r.ID, err)
	}
	res.FinishedAt = j.Now().UTC()
	if err := j.B.CreateJSON(ctx, jobKey(r.ID, "done.json"), res); err != nil {
		return res, fmt.Errorf("export: store result of %s: %w", r.ID, err)
	}
	return res, nil
}

// Fail gives the job up with a reason for people.
func (j *Jobs) Fail(ctx context.Context, id, reason string) error {
	err := j.B.CreateJSON(ctx, jobKey(id, "failed.json"), Failure{Reason: reason, At: j.Now().UTC()})
	if err != nil && !errors.Is(err, storage.ErrExists) {
		return fmt.Errorf("export: store failure of %s: %w", id, err)
	}
	return nil
}

// Load reads a job; an unknown id is storage.ErrNotFound.
func (j *Jobs) Load(ctx context.Context, id string) (*JobState, error) {
	st := &JobState{}
	if err := j.B.ReadJSON(ctx, jobKey(id, "job.json"), &st.Record); err != nil {
		return nil, fmt.Errorf("export: job %s: %w", id, err)
	}
	err := j.B.List(ctx, jobKey(id, ""), func(i storage.Info) error {
		name := strings.TrimPrefix(i.Key, jobKey(id, ""))
		switch {
		case strings.HasPrefix(name, "runs/"):
			st.Runs++
		case name == "done.json":
			st.Result = &Result{}
			return j.B.ReadJSON(ctx, i.Key, st.Result)
		case name == "failed.json":
			st.Failure = &Failure{}
			return j.B.ReadJSON(ctx, i.Key, st.Failure)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: job %s: %w", id, err)
	}
	return st, nil
}

// Unfinished lists the jobs without an outcome, in id order.
func (j *Jobs) Unfinished(ctx context.Context) ([]string, error) {
	var ids []string
	finished := map[string]bool{}
	err := j.B.List(ctx, jobsPrefix, func(i storage.Info) error {
		id, name, _ := strings.Cut(strings.TrimPrefix(i.Key, jobsPrefix), "/")
		switch name {
		case "job.json":
			ids = append(ids, id)
		case "done.json", "failed.json":
			finished[id] = true
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("export: list jobs: %w", err)
	}
	return slices.DeleteFunc(ids, func(id string) bool { return finished[id] }), nil
}
