package privacy

import (
	"fmt"
	"strings"
	"sync"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/anon"
	"github.com/protocoder/protocoder/internal/keyfile"
	"github.com/protocoder/protocoder/internal/qda"
)

// anonState is the Service's pseudonym key: locked (nil) until UnlockKey.
type anonState struct {
	mu     sync.Mutex
	key    *keyfile.Key
	params *keyfile.Params // nil: keyfile.DefaultParams
}

// dirStore is implemented by stores that live in a project folder.
type dirStore interface{ Dir() string }

// projectDir returns the project folder, or an error for stores without one.
func (s *Service) projectDir() (string, error) {
	if d, ok := s.Store().(dirStore); ok && d.Dir() != "" {
		return d.Dir(), nil
	}
	return "", qda.Errorf(qda.EUnsupported, "this project has no folder (keys and recordings need one)")
}

// KeyStatus says whether the project has a pseudonym key and whether it is
// unlocked in this session.
type KeyStatus struct {
	Exists   bool `json:"exists"`
	Unlocked bool `json:"unlocked"`
	Entries  int  `json:"entries"`
}

// SetKeyParams sets the Argon2id cost of keys created from now on (tests
// use cheap ones).
func (s *Service) SetKeyParams(p keyfile.Params) {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	s.anon.params = &p
}

// KeyStatus reports the pseudonym key's state.
func (s *Service) KeyStatus() KeyStatus {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	var st KeyStatus
	if dir, err := s.projectDir(); err == nil {
		st.Exists = keyfile.Exists(keyfile.Path(dir))
	}
	if s.anon.key != nil {
		st.Unlocked, st.Entries = true, len(s.anon.key.Entries)
	}
	return st
}

// InitKey creates the project's pseudonym key, encrypted with pass, and
// leaves it unlocked. Real site names the project file still holds move
// into it (see moveRealNames).
func (s *Service) InitKey(pass []byte) error {
	if err := s.initKey(pass); err != nil {
		return err
	}
	if err := s.Write("key.init", "create the pseudonym key", func(app.Tx) error { return nil }); err != nil {
		return err
	}
	_, err := s.moveRealNames()
	return err
}

func (s *Service) initKey(pass []byte) error {
	dir, err := s.projectDir()
	if err != nil {
		return err
	}
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	p := keyfile.DefaultParams
	if s.anon.params != nil {
		p = *s.anon.params
	}
	k, err := keyfile.Create(keyfile.Path(dir), pass, p)
	if err != nil {
		return err
	}
	s.anon.key = k
	return nil
}

// UnlockKey opens the pseudonym key with pass. A wrong passphrase is an
// EInvalid error and leaves the key locked and the file untouched. Real
// site names the project file still holds move into the key.
func (s *Service) UnlockKey(pass []byte) error {
	dir, err := s.projectDir()
	if err != nil {
		return err
	}
	k, err := keyfile.Open(keyfile.Path(dir), pass)
	if err != nil {
		return err
	}
	s.anon.mu.Lock()
	if s.anon.key != nil {
		s.anon.key.Close()
	}
	s.anon.key = k
	s.anon.mu.Unlock()
	_, err = s.moveRealNames()
	return err
}

// LockKey forgets the unlocked key.
func (s *Service) LockKey() {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if s.anon.key != nil {
		s.anon.key.Close()
		s.anon.key = nil
	}
}

// KeyEntries returns the unlocked key's entries.
func (s *Service) KeyEntries() ([]keyfile.Entry, error) {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if s.anon.key == nil {
		return nil, errKeyLocked()
	}
	return append([]keyfile.Entry(nil), s.anon.key.Entries...), nil
}

func errKeyLocked() error {
	return qda.Errorf(qda.EConflict, "the pseudonym key is locked; unlock it with its passphrase first")
}

// AddKeyEntry maps a real name to a pseudonym in the unlocked key. The
// audit log records that an entry was added, with its kind and pseudonym,
// never the real name.
func (s *Service) AddKeyEntry(e keyfile.Entry) error {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if s.anon.key == nil {
		return errKeyLocked()
	}
	if err := s.addEntryLocked(e); err != nil {
		return err
	}
	return s.Write("key.add", fmt.Sprintf("add a %s to the pseudonym key as %s", kindOrPerson(e.Kind), e.Pseudonym), func(app.Tx) error { return nil })
}

func kindOrPerson(k string) string {
	if k == "" {
		return "person"
	}
	return k
}

// addEntryLocked adds and saves an entry; s.anon.mu is held.
func (s *Service) addEntryLocked(e keyfile.Entry) error {
	e.Added = s.Now().UTC()
	k := s.anon.key
	if err := k.Add(e); err != nil {
		return err
	}
	if err := k.Save(); err != nil {
		// Keep memory and file in step.
		for i := range k.Entries {
			if strings.EqualFold(k.Entries[i].Real, strings.TrimSpace(e.Real)) {
				k.Entries = append(k.Entries[:i], k.Entries[i+1:]...)
				break
			}
		}
		return err
	}
	return nil
}

// newPseudonymLocked creates a key entry for a real name found by the
// checker, with the next free "[Person N]"/"[Ort N]" pseudonym;
// s.anon.mu is held and the key is unlocked.
func (s *Service) newPseudonymLocked(real string, kind anon.Kind) (string, error) {
	if e, ok := s.anon.key.Lookup(real); ok {
		return e.Pseudonym, nil
	}
	prefix := map[anon.Kind]string{anon.KindPerson: "Person", anon.KindPlace: "Ort", anon.KindOrg: "Organisation"}[kind]
	used := map[string]bool{}
	for _, e := range s.anon.key.Entries {
		used[e.Pseudonym] = true
	}
	n := 1
	for used[fmt.Sprintf("[%s %d]", prefix, n)] {
		n++
	}
	p := fmt.Sprintf("[%s %d]", prefix, n)
	return p, s.addEntryLocked(keyfile.Entry{Real: real, Pseudonym: p, Kind: string(kind)})
}

// checker returns a checker over the unlocked key's entries (none when
// locked); pseudonyms of cases and interviewees are never flagged.
func (s *Service) checker(tx app.Tx) (*anon.Checker, error) {
	var entries []anon.Entry
	s.anon.mu.Lock()
	if s.anon.key != nil {
		for _, e := range s.anon.key.Entries {
			entries = append(entries, anon.Entry{Real: e.Real, Pseudonym: e.Pseudonym, Kind: anon.Kind(e.Kind)})
		}
	}
	s.anon.mu.Unlock()
	// Known pseudonyms are passed as entries without a real name's power:
	// they map to themselves and only keep the heuristics quiet.
	cases, err := tx.Cases()
	if err != nil {
		return nil, err
	}
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	var pseudo []string
	for _, c := range cases {
		pseudo = append(pseudo, c.Name)
	}
	for _, iv := range ivs {
		pseudo = append(pseudo, iv.Interviewee)
	}
	// The project's own vocabulary (guidelines, codebook) is no unknown
	// capitalised word: an invented programme name in a code is not a
	// person.
	corpus, err := guideCorpus(tx)
	if err != nil {
		return nil, err
	}
	codes, err := tx.Codes()
	if err != nil {
		return nil, err
	}
	known := []string{corpus}
	for _, c := range codes {
		known = append(known, c.Name, c.Description, c.Memo)
	}
	return anon.NewChecker(entries, anon.Options{Pseudonyms: pseudo, KnownWords: known}), nil
}

// sealImage seals a command image with the unlocked pseudonym key.
func (s *Service) sealImage(plain []byte) ([]byte, error) {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if s.anon.key == nil {
		return nil, qda.Errorf(qda.EProtected, "the pseudonym key is locked")
	}
	return s.anon.key.SealImage(plain)
}

// openImage opens a command image sealed with the pseudonym key; undoing
// or redoing an anonymisation needs the key unlocked.
func (s *Service) openImage(sealed []byte) ([]byte, error) {
	s.anon.mu.Lock()
	defer s.anon.mu.Unlock()
	if s.anon.key == nil {
		return nil, qda.Errorf(qda.EProtected, "this command replaced real names: unlock the pseudonym key to revert it (only the key can bring them back)")
	}
	return s.anon.key.OpenImage(sealed)
}

// ExportKey copies the pseudonym key file, still encrypted with its
// passphrase, to a new file outside the project (a safe copy, e.g. for
// the data-protection officer); the audit log records where to. No
// export of project content ever holds the key; this is its only way out.
func (s *Service) ExportKey(to string) error {
	path, err := s.keyToDispose(KeyDisposal{ExportTo: to})
	if err != nil {
		return err
	}
	if path == "" {
		return qda.Errorf(qda.ENotFound, "the project has no pseudonym key")
	}
	if err := keyfile.CopyFile(path, to); err != nil {
		return fmt.Errorf("copy the pseudonym key to %s: %w", to, err)
	}
	return s.Write("key.export", "copy the pseudonym key (encrypted) to "+to, func(app.Tx) error { return nil })
}
