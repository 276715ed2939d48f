package cli

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

// Environment variables that hold passphrases for scripting.
const (
	envKeyPass     = "PROTOCODER_KEY_PASSPHRASE" // the pseudonym key's
	envProjectPass = "PROTOCODER_PASSPHRASE"     // a protected project's
)

// passFlags are the flags that say where a passphrase comes from.
type passFlags struct{ file string }

func (p *passFlags) register(fs *flag.FlagSet, what string) {
	fs.StringVar(&p.file, "passphrase-file", "", "read the "+what+" passphrase from this file ('-' for standard input); default $"+envKeyPass)
}

// readPass returns the passphrase from the flag file or the environment
// variable; it is never printed.
func (e *Env) readPass(p passFlags, env string) ([]byte, error) {
	var raw []byte
	switch {
	case p.file == "-":
		var b bytes.Buffer
		if _, err := b.ReadFrom(e.Stdin); err != nil {
			return nil, err
		}
		raw = b.Bytes()
	case p.file != "":
		b, err := os.ReadFile(p.file)
		if err != nil {
			return nil, qda.Errorf(qda.ENotFound, "cannot read the passphrase file: %v", err)
		}
		raw = b
	default:
		raw = []byte(e.Getenv(env))
	}
	raw = bytes.TrimRight(raw, "\r\n")
	if len(raw) == 0 {
		return nil, usagef("no passphrase: give --passphrase-file FILE or set $%s", env)
	}
	return raw, nil
}

// unlockIfGiven unlocks the pseudonym key when a passphrase is at hand;
// without one the checker works without the key's names (said on stderr).
func (e *Env) unlockIfGiven(s *project.Project, p passFlags) error {
	if p.file == "" && e.Getenv(envKeyPass) == "" {
		if st := s.KeyStatus(); st.Exists && !st.Unlocked {
			fmt.Fprintf(e.Stderr, "note: the pseudonym key is locked; real names from it are not checked (give --passphrase-file or $%s)\n", envKeyPass)
		}
		return nil
	}
	pass, err := e.readPass(p, envKeyPass)
	if err != nil {
		return err
	}
	defer clear(pass)
	return s.UnlockKey(pass)
}

func init() {
	var pf passFlags
	register(&command{
		name: "key init", short: "create the project's pseudonym key (encrypted with its own passphrase)",
		long:  "The key maps real names (interviewees, colleagues, sites, places) to pseudonyms. It lives in keys/pseudonyms.key, encrypted with Argon2id + XChaCha20-Poly1305; the project file, backups and exports never contain it.",
		flags: func(fs *flag.FlagSet) { pf.register(fs, "new key's") },
		run: func(e *Env, fs *flag.FlagSet) error {
			pass, err := e.readPass(pf, envKeyPass)
			if err != nil {
				return err
			}
			defer clear(pass)
			return e.withService(func(s *project.Project) error {
				if err := s.InitKey(pass); err != nil {
					return err
				}
				fmt.Fprintln(e.Stdout, "pseudonym key created")
				return nil
			})
		},
	})
	register(&command{
		name: "key unlock", short: "check that a passphrase opens the pseudonym key",
		long:  "The CLI keeps nothing unlocked between runs: commands that need the key take --passphrase-file or $" + envKeyPass + ". A wrong passphrase changes nothing on disk.",
		flags: func(fs *flag.FlagSet) { pf.register(fs, "key") },
		run: func(e *Env, fs *flag.FlagSet) error {
			pass, err := e.readPass(pf, envKeyPass)
			if err != nil {
				return err
			}
			defer clear(pass)
			return e.withService(func(s *project.Project) error {
				if err := s.UnlockKey(pass); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "the pseudonym key opens: %d entr(y/ies)\n", s.KeyStatus().Entries)
				return nil
			})
		},
	})
	var kind, note string
	register(&command{
		name: "key add", args: "REAL-NAME PSEUDONYM", short: "map a real name to a pseudonym in the key",
		flags: func(fs *flag.FlagSet) {
			pf.register(fs, "key")
			fs.StringVar(&kind, "kind", "person", "person, place or org")
			fs.StringVar(&note, "note", "", "a remark (e.g. the role)")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 2 {
				return usagef("give the real name and the pseudonym")
			}
			pass, err := e.readPass(pf, envKeyPass)
			if err != nil {
				return err
			}
			defer clear(pass)
			return e.withService(func(s *project.Project) error {
				if err := s.UnlockKey(pass); err != nil {
					return err
				}
				if err := s.AddKeyEntry(keyfile.Entry{Real: fs.Arg(0), Pseudonym: fs.Arg(1), Kind: kind, Note: note}); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "added: %s → %s\n", kind, fs.Arg(1))
				return nil
			})
		},
	})
	var asJSON bool
	register(&command{
		name: "key list", short: "list the pseudonym key (real names: handle with care)",
		flags: func(fs *flag.FlagSet) {
			pf.register(fs, "key")
			fs.BoolVar(&asJSON, "json", false, "print JSON")
		},
		run: func(e *Env, fs *flag.FlagSet) error {
			pass, err := e.readPass(pf, envKeyPass)
			if err != nil {
				return err
			}
			defer clear(pass)
			return e.withService(func(s *project.Project) error {
				if err := s.UnlockKey(pass); err != nil {
					return err
				}
				entries, err := s.KeyEntries()
				if err != nil || asJSON {
					if err == nil {
						err = e.printJSON(entries)
					}
					return err
				}
				w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "KIND\tREAL NAME\tPSEUDONYM\tNOTE")
				for _, x := range entries {
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", x.Kind, x.Real, x.Pseudonym, strings.ReplaceAll(x.Note, "\t", " "))
				}
				return w.Flush()
			})
		},
	})
}
