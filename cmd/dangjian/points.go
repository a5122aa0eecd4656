package main

import (
	"context"
	"fmt"
	"io"
)

// cmdPoints runs the points subcommands: "points verify" checks every invariant of the
// ledger and exits non-zero when any is broken, printing each breach with its ids.
func cmdPoints(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"points: want 'points verify'"}
	}
	set, err := openSet(ctx, "points verify", args[1:], stderr, nil)
	if err != nil {
		return err
	}
	defer set.DB.Close()
	breaches, err := set.Points.Verify(ctx)
	if err != nil {
		return err
	}
	for _, b := range breaches {
		fmt.Fprintf(stdout, "BREACH %s: entry %d, %s %d: %s\n", b.Check, b.EntryID, b.SubjectType, b.SubjectID, b.Detail)
	}
	if len(breaches) > 0 {
		return fmt.Errorf("points verify: %d breaches", len(breaches))
	}
	fmt.Fprintln(stdout, "Points ledger verified: no breach.")
	return nil
}
