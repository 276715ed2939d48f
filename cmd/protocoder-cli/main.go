// Command protocoder-cli is protocoder without a display: every operation,
// scriptable. It builds with CGO_ENABLED=0. Ctrl+C cancels a long command
// (an import, a merge, an export, a case report) before it commits:
// nothing is changed then.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/protocoder/protocoder/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Main(os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Ctx: ctx})
	stop()
	os.Exit(code)
}
