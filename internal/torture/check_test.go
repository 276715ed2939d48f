//go:build unix

package torture

import (
	"fmt"
	"path/filepath"
	"strings"
)

// parseOutput assigns the lines a run printed to its operations: in a
// batch every op's output ends with "# ok" or "# error: …"; a single
// command (batch false) prints one line per committed file. A line cut
// short by the kill is ignored.
func parseOutput(ops []*op, stdout string, batch bool, exitedOK bool) {
	lines := strings.Split(stdout, "\n")
	lines = lines[:len(lines)-1] // the last piece has no newline: empty or cut short
	i := 0
	for _, l := range lines {
		if i >= len(ops) {
			break
		}
		switch {
		case batch && l == "# ok":
			ops[i].done = true
			i++
		case batch && strings.HasPrefix(l, "# error"):
			ops[i].errs = l
			i++
		default:
			ops[i].take(l)
		}
	}
	if !batch && exitedOK && len(ops) == 1 {
		ops[0].done = true
	}
}

// checkOps compares what the ops' output confirmed with the project after
// the kill. It returns a message per confirmed command that is missing
// (lost) and the number of commands that committed without their
// confirmation being printed.
func checkOps(ops []*op, after *snapshot) (lost []string, unconfirmed int) {
	for _, o := range ops {
		for u := range o.units() {
			conf := u < o.confirmed()
			ok, why := present(o, u, after)
			if conf && !ok {
				lost = append(lost, fmt.Sprintf("%s: %s", o.line, why))
			}
			if !conf && ok && o.kind != opCodeAdd && o.kind != opCodingAdd {
				unconfirmed++
			}
		}
	}
	return lost, unconfirmed
}

// present reports whether unit u (the file, for imports) of o is in the
// project, and if not, why not.
func present(o *op, u int, sn *snapshot) (bool, string) {
	switch o.kind {
	case opCodeAdd:
		if len(o.guids) == 0 {
			return false, "no GUID printed"
		}
		c, ok := sn.codes[o.guids[0]]
		if !ok || c.Name != o.name {
			return false, fmt.Sprintf("code %s missing or misnamed (%q)", o.guids[0], c.Name)
		}
	case opCodeSet:
		if c, ok := sn.codes[o.code]; !ok || c.Description != o.desc {
			return false, fmt.Sprintf("description %q, want %q", c.Description, o.desc)
		}
	case opCodeMemo:
		if c, ok := sn.codes[o.code]; !ok || c.Memo != o.desc {
			return false, fmt.Sprintf("memo %q, want %q", c.Memo, o.desc)
		}
	case opCodeRename:
		if c, ok := sn.codes[o.code]; !ok || c.Name != o.name {
			return false, fmt.Sprintf("name %q, want %q", c.Name, o.name)
		}
	case opDocImport:
		name := strings.TrimSuffix(filepath.Base(o.files[u]), ".txt")
		if u < len(o.guids) {
			d, ok := sn.docs[o.guids[u]]
			if !ok || d.Name != name || !strings.Contains(sn.texts[d.GUID], o.tokens[u]) {
				return false, fmt.Sprintf("document %s (%s) missing or wrong", o.guids[u], name)
			}
			return true, ""
		}
		for g, d := range sn.docs {
			if d.Name == name && strings.Contains(sn.texts[g], o.tokens[u]) {
				return true, ""
			}
		}
		return false, "document " + name + " missing"
	case opProtoImport:
		for g, d := range sn.docs {
			if strings.Contains(sn.texts[g], o.tokens[u]) {
				if u < len(o.guids) && d.Interview != o.guids[u] {
					return false, fmt.Sprintf("protocol with %s belongs to %s, want %s", o.tokens[u], d.Interview, o.guids[u])
				}
				if _, ok := sn.interviews[d.Interview]; !ok {
					return false, "interview of the protocol with " + o.tokens[u] + " missing"
				}
				return true, ""
			}
		}
		return false, "protocol with " + o.tokens[u] + " missing"
	case opCodingAdd:
		if len(o.guids) == 0 {
			return false, "no GUID printed"
		}
		c, ok := sn.codings[o.guids[0]]
		if !ok || c.Document != o.doc || c.Range.Start != o.start || c.Range.End != o.end {
			return false, fmt.Sprintf("coding %s missing or moved", o.guids[0])
		}
	case opCodingDelete:
		if _, ok := sn.codings[o.coding]; ok {
			return false, fmt.Sprintf("coding %s still there", o.coding)
		}
	}
	return true, ""
}

// lastToken returns the unique word of the newest confirmed import, "" if
// none was confirmed.
func lastToken(ops []*op) string {
	tok := ""
	for _, o := range ops {
		if len(o.tokens) > 0 && o.confirmed() > 0 {
			tok = o.tokens[o.confirmed()-1]
		}
	}
	return tok
}

// countErrors returns the ops that failed with "# error".
func countErrors(ops []*op) []string {
	var out []string
	for _, o := range ops {
		if o.errs != "" {
			out = append(out, o.line+" → "+o.errs)
		}
	}
	return out
}

// touchedBy returns what a batch or import's operations may change: the
// codes they edit, the codings they delete, and new entities.
func touchedBy(why string, ops []*op) *touched {
	tc := touch(why, true)
	for _, o := range ops {
		switch o.kind {
		case opCodeSet, opCodeRename, opCodeMemo:
			tc.add(o.code)
		case opCodingDelete:
			tc.add(o.coding)
		}
	}
	return tc
}
