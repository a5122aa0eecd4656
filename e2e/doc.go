// Package e2e holds end-to-end tests that drive the real dangjian binary as a separate
// process: built with `go build`, set up through its own commands, and spoken to only over
// HTTP and its command line, so that what they prove holds for what is shipped (a crash of
// the process, not of a goroutine). The tests are skipped under -short.
package e2e
