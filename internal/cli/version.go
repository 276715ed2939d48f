package cli

import (
	"flag"
	"fmt"

	"github.com/protocoder/protocoder/internal/version"
)

func init() {
	register(&command{
		name: "version", short: "print the version and the revision it was built from",
		long: "Prints the release version (FyneApp.toml's) and the VCS revision, commit time and Go version the binary was built with; `protocoder-cli --version` does the same.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() > 0 {
				return usagef("version takes no arguments")
			}
			_, err := fmt.Fprintln(e.Stdout, version.Read().String("protocoder-cli"))
			return err
		},
	})
}
