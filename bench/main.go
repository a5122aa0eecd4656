// Command bench runs dangjian's benchmark scenarios (see bench/suite) and prints the table:
//
//	go run ./bench [-members 100000] [-requests 2000] [-concurrency 8]
//
// It is the same as `dangjian bench`.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"dangjian/bench/suite"
)

func main() {
	o := suite.DefaultOptions()
	o.Bind(flag.CommandLine)
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := suite.Run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}
