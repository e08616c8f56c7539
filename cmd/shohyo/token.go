package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"text/tabwriter"
	"time"

	"github.com/shohyo/shohyo/internal/audit"
	"github.com/shohyo/shohyo/internal/auth"
	"github.com/shohyo/shohyo/internal/config"
	"github.com/shohyo/shohyo/internal/storage"
)

// runToken manages API tokens directly in the archive, with the same
// storage settings as serve: whoever can write the archive can already do
// anything, so this is how the first admin token is made (or a lost one
// replaced). Admins elsewhere use the API (POST /api/v1/tokens).
func runToken(args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(os.Stderr, "Usage: shohyo token create --role ROLE --name NAME | list | revoke ID [--reason TEXT]  [storage flags as for serve]")
		return errors.New("token: create, list or revoke")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("token "+sub, "[flags]")
	role := fs.String("role", "", "create: admin, clerk, auditor or viewer")
	name := fs.String("name", "", "create: the user's name, recorded on everything the token does")
	reason := fs.String("reason", "", "revoke: why")
	var id string
	if sub == "revoke" && len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		id, args = args[0], args[1:]
	}
	cfg, err := config.Parse(fs, config.GroupWorker, args)
	if err != nil {
		return err
	}
	ctx := context.Background()
	_, archive, err := openDrivers(ctx, cfg)
	if err != nil {
		return err
	}
	policy, err := policyFrom(cfg)
	if err != nil {
		return err
	}
	bucket := storage.NewBucket(archive)
	store := auth.NewStore(bucket, time.Now)
	by := "shohyo token (" + localUser() + ")"
	// Whoever runs this on the archive's storage acts as a person outside
	// the API; the trail names them by their login.
	trail := newAuditLog(bucket, policy, slog.New(slog.NewTextHandler(os.Stderr, nil)))
	actor := audit.Actor{Kind: "person", Name: by}
	switch sub {
	case "create":
		r, err := auth.ParseRole(*role)
		if err != nil {
			return err
		}
		secret, t, err := store.Create(ctx, *name, r, by)
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "token %s for %s (%s) created; the secret below is shown only now:\n", t.ID, t.User, t.Role)
		fmt.Println(secret)
		return tokenEvent(ctx, trail, auth.CreatedEvent(actor, t))
	case "list":
		ts, err := store.List(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 0, 2, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSER\tROLE\tCREATED\tBY\tREVOKED")
		for _, t := range ts {
			rev := "-"
			if t.Revoked != nil {
				rev = t.Revoked.RevokedAt.Format(time.RFC3339) + " by " + t.Revoked.RevokedBy
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.User, t.Role, t.CreatedAt.Format(time.RFC3339), t.CreatedBy, rev)
		}
		return tw.Flush()
	case "revoke":
		if id == "" {
			return errors.New("token revoke: give the token id, as `shohyo token list` shows it")
		}
		rev, t, err := store.Revoke(ctx, id, by, *reason)
		if err != nil {
			return err
		}
		fmt.Printf("token %s revoked\n", id)
		return tokenEvent(ctx, trail, auth.RevokedEvent(actor, t, rev))
	}
	return fmt.Errorf("token: unknown subcommand %q (create, list, revoke)", sub)
}

// tokenEvent records a token change that is already stored; a failure
// says so, so that the operator can see the trail lacks it.
func tokenEvent(ctx context.Context, trail *audit.Log, ev audit.Event) error {
	if _, err := trail.Append(ctx, ev); err != nil {
		return fmt.Errorf("token %s is stored, but its audit event is not: %w", ev.Detail["subject_token"], err)
	}
	return nil
}

func localUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return os.Getenv("USER")
}
