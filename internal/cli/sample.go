package cli

import (
	"flag"
	"fmt"

	"github.com/protocoder/protocoder/internal/wire"
	"github.com/protocoder/protocoder/sampledata"
)

func init() {
	register(&command{
		name: "sample", args: "DIR",
		short: "create a fresh copy of the embedded sample project in DIR",
		long:  "Builds a project in DIR from the embedded sample data: the study's seven guidelines with their codes, sites, team members, protocols (coded by template and by second coders) and case reports. Fails if DIR already holds a project.",
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 1 {
				return usagef("sample takes exactly one folder")
			}
			dir := fs.Arg(0)
			o := e.Wire
			o.User = ""
			if err := wire.CreateSample(dir, sampledata.FS, o); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "created the sample project in %s\n", dir)
			return nil
		},
	})
}
