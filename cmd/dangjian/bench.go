package main

import (
	"context"
	"flag"
	"io"

	"dangjian/bench/suite"
)

// cmdBench runs the benchmark scenarios (the same as `go run ./bench`).
func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o := suite.DefaultOptions()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	o.Bind(fs)
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	o.Out, o.Log = stdout, stderr
	return suite.Run(ctx, o)
}
