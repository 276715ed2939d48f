// Command protocoder-server is the team server: accounts, roles and the
// command logs that laptops sync with (docs/team.md). Wiring only: the
// commands live in internal/server/servercmd.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/protocoder/protocoder/internal/server/servercmd"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := servercmd.Main(ctx, os.Args[1:], &servercmd.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
