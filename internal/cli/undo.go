package cli

import (
	"flag"
	"fmt"
	"time"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	for _, undo := range []bool{true, false} {
		undo := undo
		name, short := "redo", "restore the acting user's most recently undone command"
		if undo {
			name, short = "undo", "revert the acting user's newest command (works across restarts)"
		}
		register(&command{
			name: name, short: short,
			long: "Undo and redo follow the acting user's own commands (--user or $PROTOCODER_USER). A command whose entities were changed since by someone else is not reverted.",
			run: func(e *Env, fs *flag.FlagSet) error {
				return e.withService(func(s *project.Project) error {
					var c *qda.Command
					var err error
					if undo {
						c, err = s.Undo()
					} else {
						c, err = s.Redo()
					}
					if err == nil {
						fmt.Fprintf(e.Stdout, "%s: %s (%s, %s)\n", name, c.Summary, c.Kind, c.Time.Local().Format(time.DateTime))
					}
					return err
				})
			},
		})
	}
}
