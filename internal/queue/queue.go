// Package queue connects shohyo to Redis, which carries the pipeline's
// asynq tasks. With SHOHYO_REDIS_URL set it uses that server; otherwise it
// supervises a private redis-server child on a unix socket in the data
// directory, with an append-only file there, so the embedded default loses
// no queued step across restarts.
package queue

import (
	"context"
	"fmt"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
)

// Conn is how to reach Redis, and what to stop when done.
type Conn struct {
	Opt      asynq.RedisConnOpt
	embedded *Embedded
}

// Connect returns a connection to url, or starts a private Redis under dir
// when url is empty.
func Connect(ctx context.Context, url, dir string) (*Conn, error) {
	if url != "" {
		opt, err := asynq.ParseRedisURI(url)
		if err != nil {
			return nil, fmt.Errorf("queue: bad redis url: %w", err)
		}
		if err := ping(ctx, opt); err != nil {
			return nil, fmt.Errorf("queue: redis at %s does not answer: %w", url, err)
		}
		return &Conn{Opt: opt}, nil
	}
	e, err := StartEmbedded(ctx, dir)
	if err != nil {
		return nil, err
	}
	return &Conn{Opt: e.Opt(), embedded: e}, nil
}

// Close stops the private Redis, if any, after it has written its file.
func (c *Conn) Close() error {
	if c.embedded == nil {
		return nil
	}
	return c.embedded.Stop()
}

func ping(ctx context.Context, opt asynq.RedisConnOpt) error {
	rc, ok := opt.MakeRedisClient().(redis.UniversalClient)
	if !ok {
		return fmt.Errorf("queue: unexpected redis client type")
	}
	defer rc.Close()
	return rc.Ping(ctx).Err()
}
