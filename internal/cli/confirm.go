package cli

import (
	"bufio"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/project"
)

// confirm asks a yes/no question on standard error and reads the answer
// from standard input; yes (--yes) answers it beforehand. In a batch,
// standard input holds the commands, so there it is never asked: the
// command needs --yes.
func (e *Env) confirm(question string, yes bool) bool {
	if yes {
		return true
	}
	if e.svc != nil || e.Stdin == nil {
		fmt.Fprintf(e.Stderr, "%s — not confirmed (add --yes)\n", question)
		return false
	}
	fmt.Fprintf(e.Stderr, "%s [y/N] ", question)
	line, err := bufio.NewReader(e.Stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "j", "ja":
		return true
	}
	if err != nil {
		fmt.Fprintln(e.Stderr) // no answer: end the prompt's line
	}
	fmt.Fprintln(e.Stderr, "not confirmed")
	return false
}

// exportTo names an export's destination for the audit log: the file's
// absolute path, or standard output for "-".
func exportTo(out string) string {
	if out == "-" {
		return "standard output"
	}
	return absPath(out)
}

// export runs write as the export req through the privacy use case, which
// records it in the audit log; open anonymisation findings in what it
// carries are shown and need confirmation (--yes or the prompt).
func (e *Env) export(s *project.Project, req privacy.ExportRequest, yes bool, write func() error) error {
	req.Confirm = func(n int, docs []string) bool {
		fmt.Fprintf(e.Stderr, "warning: the export carries %d open anonymization finding(s) in %s ('anon check' lists them)\n",
			n, strings.Join(docs, ", "))
		return e.confirm("Export anyway?", yes)
	}
	_, err := s.Export(req, write)
	return err
}

// absPath returns path made absolute, or path itself if that fails.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}
