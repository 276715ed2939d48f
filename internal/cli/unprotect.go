package cli

import (
	"flag"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/wire"
)

func init() {
	var pf passFlags
	register(&command{
		name: "unprotect", short: "remove the project's encryption at rest",
		long: `Decrypts every value of a protected project into a new project file that replaces
the old one while the project stays locked. The encrypted backups are deleted (listed) and
a plain one written; from the next open the search index is kept on disk again. The
passphrase comes from --passphrase-file, $` + envProjectPass + ` or the file $` + envProjectPassFile + ` names.
A crash after the swap is finished at the next open.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&pf.file, "passphrase-file", "", "read the project's passphrase from this file ('-' for standard input); default $"+envProjectPass+" or $"+envProjectPassFile)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			if e.svc != nil {
				return usagef("unprotect cannot run inside a batch")
			}
			var pass []byte
			var err error
			if pf.file != "" {
				pass, err = e.readPass(pf, envProjectPass)
			} else if pass, err = e.projectPass(); err == nil && len(pass) == 0 {
				err = usagef("no passphrase: give --passphrase-file FILE or set $%s or $%s", envProjectPass, envProjectPassFile)
			}
			if err != nil {
				return err
			}
			defer clear(pass)
			r, err := wire.Unprotect(e.project, pass, e.Wire)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "project decrypted: %d values; new plain backup %s\n", r.Values, r.Backup)
			if len(r.BackupsDeleted) > 0 {
				fmt.Fprintf(e.Stdout, "encrypted backups deleted: %s\n", strings.Join(r.BackupsDeleted, ", "))
			}
			return nil
		},
	})
}
