package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var out string
	set, err := openSet(ctx, "backup", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&out, "out", "", "file to write the copy to (must not exist)")
	})
	if err != nil {
		return err
	}
	defer set.DB.Close()
	if out == "" {
		return errors.New("backup: --out FILE is required")
	}
	if err := set.DB.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up to %s. Keep the secret key (DANGJIAN_SECRET_KEY or the key file) with it: without the key, ID numbers and phones cannot be read.\n", out)
	return nil
}
