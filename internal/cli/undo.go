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
		var pf passFlags
		register(&command{
			name: name, short: short,
			flags: func(fs *flag.FlagSet) { pf.register(fs, "pseudonym key") },
			long:  "Undo and redo follow the acting user's own commands (--user or $PROTOCODER_USER). A command whose entities were changed since by someone else is not reverted. An anonymisation keeps what it replaced only sealed with the pseudonym key: reverting it needs the key's passphrase (--passphrase-file or $" + envKeyPass + "), and redoing it erases the names from the disk again.",
			run: func(e *Env, fs *flag.FlagSet) error {
				return e.withService(func(s *project.Project) error {
					if pf.file != "" || e.Getenv(envKeyPass) != "" {
						pass, err := e.readPass(pf, envKeyPass)
						if err != nil {
							return err
						}
						err = s.UnlockKey(pass)
						clear(pass)
						if err != nil {
							return err
						}
					}
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
