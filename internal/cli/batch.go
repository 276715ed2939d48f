package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"strings"
	"unicode"

	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
)

func init() {
	register(&command{
		name: "batch", short: "run commands from standard input on one open project",
		long: `Reads one command per line (as typed after protocoder-cli, with "quotes" for
arguments holding spaces; # starts a comment) and runs each on the project,
which stays open — and locked against other processes — until the input ends.
After each command a line "# ok" or "# error: MESSAGE" follows its output, so a
script knows what was committed. The exit code is that of the first failure.`,
		run: func(e *Env, fs *flag.FlagSet) error {
			if fs.NArg() != 0 {
				return usagef("batch takes no arguments; it reads commands from standard input")
			}
			return e.withService(func(s *project.Project) error { return e.runBatch(s) })
		},
	})
}

// maxBatchLine is the longest command line a batch reads, in bytes.
const maxBatchLine = 16 << 20

func (e *Env) runBatch(s *project.Project) error {
	e.svc = s
	defer func() { e.svc = nil }()
	sc := bufio.NewScanner(e.Stdin)
	sc.Buffer(make([]byte, 64*1024), maxBatchLine)
	var first error
	line := 0
	for sc.Scan() {
		line++
		words, err := splitWords(sc.Text())
		if err != nil {
			fmt.Fprintf(e.Stdout, "# error: line %d: %v\n", line, err)
			if first == nil {
				first = fmt.Errorf("line %d: %w", line, err)
			}
			continue
		}
		if len(words) == 0 {
			continue
		}
		c, rest := find(words)
		if c == nil || c.name == "batch" || c.name == "init" || c.name == "restore" {
			fmt.Fprintf(e.Stdout, "# error: line %d: %q cannot run in a batch\n", line, words[0])
			if first == nil {
				first = usagef("line %d: %q cannot run in a batch", line, words[0])
			}
			continue
		}
		fs := newFlagSet(c, e)
		if err := parseInterspersed(fs, rest); err != nil {
			fmt.Fprintf(e.Stdout, "# error: line %d: %v\n", line, err)
			if first == nil {
				first = usagef("line %d: %v", line, err)
			}
			continue
		}
		if err := c.run(e, fs); err != nil {
			fmt.Fprintf(e.Stdout, "# error: %s\n", oneLine(err))
			if first == nil {
				first = err
			}
			continue
		}
		fmt.Fprintln(e.Stdout, "# ok")
	}
	if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
		err := qda.Errorf(qda.EInvalid, "standard input:%d: the command line is longer than %d MiB; it and the lines after it did not run", line+1, maxBatchLine>>20)
		fmt.Fprintf(e.Stdout, "# error: %s\n", oneLine(err))
		return err
	} else if err != nil {
		return fmt.Errorf("read commands: %w", err)
	}
	return first
}

func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

// splitWords splits a command line into words: blanks separate, double or
// single quotes group, a backslash escapes the next character, # outside
// quotes starts a comment.
func splitWords(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\' && quote != '\'':
			esc, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '"' || r == '\'':
			quote, inWord = r, true
		case r == '#' && !inWord:
			return out, nil
		case unicode.IsSpace(r):
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote")
	}
	if esc {
		return nil, fmt.Errorf("line ends in a backslash")
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out, nil
}
