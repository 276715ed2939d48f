package cli

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/protocoder/protocoder/internal/wire"
)

// envProjectPassFile names a file holding a protected project's passphrase.
const envProjectPassFile = "PROTOCODER_PASSPHRASE_FILE"

// projectPass returns a protected project's passphrase from
// $PROTOCODER_PASSPHRASE or the file $PROTOCODER_PASSPHRASE_FILE names
// (nil if neither is set).
func (e *Env) projectPass() ([]byte, error) {
	if p := e.Getenv(envProjectPass); p != "" {
		return []byte(p), nil
	}
	if f := e.Getenv(envProjectPassFile); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("cannot read $%s: %w", envProjectPassFile, err)
		}
		return []byte(strings.TrimRight(string(b), "\r\n")), nil
	}
	return nil, nil
}

func init() {
	var pf passFlags
	register(&command{
		name: "protect", short: "encrypt the project at rest with a passphrase",
		long: `Seals every value of the project file with XChaCha20-Poly1305 under a key derived
from the passphrase with Argon2id. The plain-text backups are deleted (listed) and an
encrypted one written; the search index is no longer kept on disk but rebuilt in memory
at every open. Afterwards every command needs the passphrase in $` + envProjectPass + ` or
in the file $` + envProjectPassFile + ` names. Recordings stay as they are; the pseudonym
key has its own passphrase.`,
		flags: func(fs *flag.FlagSet) {
			fs.StringVar(&pf.file, "passphrase-file", "", "read the new passphrase from this file ('-' for standard input); default $"+envProjectPass)
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if e.project == "" {
				return usagef("no project: give -p DIR or set PROTOCODER_PROJECT")
			}
			if e.svc != nil {
				return usagef("protect cannot run inside a batch")
			}
			pass, err := e.readPass(pf, envProjectPass)
			if err != nil {
				return err
			}
			defer clear(pass)
			r, err := wire.Protect(e.project, pass, e.Wire)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "project encrypted: %d values sealed; new encrypted backup %s\n", r.Values, r.Backup)
			if len(r.BackupsDeleted) > 0 {
				fmt.Fprintf(e.Stdout, "plain-text backups deleted: %s\n", strings.Join(r.BackupsDeleted, ", "))
			}
			if r.IndexRemoved {
				fmt.Fprintln(e.Stdout, "the on-disk search index was deleted; it is rebuilt in memory at every open")
			}
			fmt.Fprintf(e.Stdout, "from now on set $%s or $%s to open the project\n", envProjectPass, envProjectPassFile)
			return nil
		},
	})
}
