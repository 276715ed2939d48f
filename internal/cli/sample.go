package cli

import (
	"flag"
	"fmt"

	"github.com/protocoder/protocoder/internal/wire"
)

func init() {
	register(&command{
		name: "sample", args: "DIR",
		short: "create a fresh copy of the embedded sample project in DIR",
		long:  "Creates a project in DIR from the embedded sample data (the study's guidelines and what the sample holds so far). Fails if DIR already holds a project.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("sample takes exactly one folder")
			}
			dir := fs.Arg(0)
			if err := wire.Init(dir, "Beispielprojekt EJO", e.Wire); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "created the sample project in %s\n", dir)
			return nil
		},
	})
}
