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
	"runtime/pprof"

	"dangjian/bench/suite"
)

func main() {
	o := suite.DefaultOptions()
	o.Bind(flag.CommandLine)
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file (for `go tool pprof`)")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := suite.Run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}
