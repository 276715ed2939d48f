package shell

import (
	"encoding/json"
	"strings"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// RevertText says in words, in the user's language, what undo (or redo)
// of cmd just did, e.g. "Coding “Trust” in “Protokoll KU-04-01”
// removed". It is built from the command's kind and the images of the
// entities it changed, never from its Summary (an English note for the
// log). names maps GUIDs of codes, documents, cases and users to names
// (app's Names); names found in the images themselves (a code the command
// created or deleted) fill the gaps.
func RevertText(undo bool, cmd *qda.Command, names map[qda.GUID]string) string {
	if cmd == nil {
		return ""
	}
	all := imageNames(cmd, names)
	main, n := mainChange(cmd)
	if main == nil {
		return revertGeneric(undo)
	}
	subject := subjectText(cmd, main, n, all)
	if subject == "" {
		return revertGeneric(undo)
	}
	// What the original command did to the main entity, and so what undo
	// and redo do to it.
	created, deleted := main.Before == nil, main.After == nil
	args := map[string]any{"What": subject}
	switch {
	case created && undo, deleted && !undo:
		return lang.X("revert.removed", "{{.What}} removed", args)
	case deleted && undo, created && !undo:
		return lang.X("revert.restored", "{{.What}} restored", args)
	case undo:
		return lang.X("revert.changeUndone", "Change to {{.What}} undone", args)
	default:
		return lang.X("revert.changeRedone", "Change to {{.What}} made again", args)
	}
}

// revertGeneric is the message for a command with nothing to name.
func revertGeneric(undo bool) string {
	if undo {
		return lang.X("revert.undone", "Last change undone")
	}
	return lang.X("revert.redone", "Last undone change made again")
}

// entityRank orders the entities a command may touch by how well they
// name what the user did: an in-vivo coding creates a code and a coding,
// and the user thinks of the coding.
var entityRank = map[string]int{
	"coding": 1, "code": 2, "memo": 3, "summary": 4, "interview": 5, "document": 6,
	"case": 7, "guideline": 8, "attribute": 9, "anonignore": 10, "plan": 11, "report": 12,
}

// kindEntity maps a command kind's first part to the entity that names
// it where the two differ.
var kindEntity = map[string]string{
	"protocol": "document", "anon": "document", "pair": "interview", "report": "document",
}

// mainChange picks the change that names the command — one of the entity
// the kind names (code.delete may delete codings too, but the user deleted
// a code), else the best ranked — and counts the changes of that entity.
func mainChange(cmd *qda.Command) (*qda.Change, int) {
	var main *qda.Change
	want, _, _ := strings.Cut(cmd.Kind, ".")
	if e, ok := kindEntity[want]; ok {
		want = e
	}
	for i := range cmd.Changes {
		if cmd.Changes[i].Entity == want {
			main = &cmd.Changes[i]
			break
		}
	}
	for i := range cmd.Changes {
		c := &cmd.Changes[i]
		r, ok := entityRank[c.Entity]
		if main == nil && ok || ok && r < entityRank[main.Entity] && main.Entity != want {
			main = c
		}
	}
	if main == nil {
		return nil, 0
	}
	n := 0
	for _, c := range cmd.Changes {
		if c.Entity == main.Entity {
			n++
		}
	}
	return main, n
}

// image decodes a change's newest existing image into v.
func image(c *qda.Change, v any) bool {
	raw := c.After
	if raw == nil {
		raw = c.Before
	}
	return raw != nil && json.Unmarshal(raw, v) == nil
}

// imageNames adds the names in a command's code and document images to
// names.
func imageNames(cmd *qda.Command, names map[qda.GUID]string) map[qda.GUID]string {
	out := make(map[qda.GUID]string, len(names)+len(cmd.Changes))
	for k, v := range names {
		out[k] = v
	}
	for i := range cmd.Changes {
		c := &cmd.Changes[i]
		var e struct {
			GUID qda.GUID `json:"guid"`
			Name string   `json:"name"`
		}
		if (c.Entity == "code" || c.Entity == "document" || c.Entity == "case") && image(c, &e) && e.Name != "" {
			if _, ok := out[e.GUID]; !ok {
				out[e.GUID] = e.Name
			}
		}
	}
	return out
}

// subjectText names the entity of change c ("Coding “Trust” in “KU-04”"),
// n of that kind; "" when it cannot be named.
func subjectText(cmd *qda.Command, c *qda.Change, n int, names map[qda.GUID]string) string {
	name := func(id qda.GUID) string {
		if s, ok := names[id]; ok && s != "" {
			return clip(s)
		}
		return "?"
	}
	switch c.Entity {
	case "coding":
		var cd qda.Coding
		if !image(c, &cd) {
			return ""
		}
		args := map[string]any{"Code": name(cd.Code), "Doc": name(cd.Document), "N": n}
		if n > 1 && sameCode(cmd, cd.Code) {
			return lang.XN("revert.codingsOfCode", "{{.N}} codings “{{.Code}}”", n, args)
		}
		if n > 1 {
			return lang.XN("revert.codings", "{{.N}} codings", n, args)
		}
		return lang.X("revert.coding", "Coding “{{.Code}}” in “{{.Doc}}”", args)
	case "code":
		var code qda.Code
		if !image(c, &code) {
			return ""
		}
		if n > 1 {
			return lang.XN("revert.codes", "{{.N}} codes", n, map[string]any{"N": n})
		}
		return lang.X("revert.code", "Code “{{.Name}}”", map[string]any{"Name": clip(code.Name)})
	case "memo":
		var m qda.Memo
		if !image(c, &m) {
			return ""
		}
		return lang.X("revert.memo", "Memo “{{.Title}}”", map[string]any{"Title": clip(m.Title)})
	case "summary":
		return lang.X("revert.summary", "Summary")
	case "interview":
		var iv qda.Interview
		if !image(c, &iv) {
			return ""
		}
		if n > 1 {
			return lang.XN("revert.interviews", "{{.N}} interviews", n, map[string]any{"N": n})
		}
		return lang.X("revert.interview", "Interview “{{.Name}}”", map[string]any{"Name": clip(iv.Interviewee)})
	case "document":
		var d qda.Document
		if !image(c, &d) {
			return ""
		}
		if n > 1 {
			return lang.XN("revert.documents", "{{.N}} documents", n, map[string]any{"N": n})
		}
		return lang.X("revert.document", "Document “{{.Name}}”", map[string]any{"Name": clip(d.Name)})
	case "case":
		var cs qda.Case
		if !image(c, &cs) {
			return ""
		}
		return lang.X("revert.case", "Site “{{.Name}}”", map[string]any{"Name": clip(cs.Name)})
	case "guideline":
		var g qda.Guideline
		if !image(c, &g) {
			return ""
		}
		return lang.X("revert.guideline", "Guideline {{.Key}}", map[string]any{"Key": g.Key})
	case "attribute":
		return lang.X("revert.attribute", "Attribute")
	case "anonignore":
		return lang.X("revert.anon", "Anonymisation decision")
	case "plan":
		return lang.X("revert.plan", "Fieldwork plan")
	case "report":
		return lang.X("revert.report", "Case report")
	}
	return ""
}

// sameCode reports whether every coding cmd changed has code.
func sameCode(cmd *qda.Command, code qda.GUID) bool {
	for i := range cmd.Changes {
		var cd qda.Coding
		if c := &cmd.Changes[i]; c.Entity == "coding" && (!image(c, &cd) || cd.Code != code) {
			return false
		}
	}
	return true
}

// maxName is how much of a name a status message quotes: the message
// must fit the status bar with its verb at the end.
const maxName = 28

// clip shortens a name to maxName runes.
func clip(s string) string {
	r := []rune(s)
	if len(r) <= maxName {
		return s
	}
	return strings.TrimSpace(string(r[:maxName-1])) + "…"
}
