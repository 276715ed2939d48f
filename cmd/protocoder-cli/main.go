// Command protocoder-cli is protocoder without a display: every operation,
// scriptable. It builds with CGO_ENABLED=0.
package main

import (
	"os"

	"github.com/protocoder/protocoder/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}))
}
