package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// Refusal is why the server refused a pushed command (teamapi.Refusal).
type Refusal = teamapi.Refusal

// Refusal codes.
const (
	RefusedForbidden = teamapi.RefusedForbidden
	RefusedConflict  = teamapi.RefusedConflict
	RefusedInvalid   = teamapi.RefusedInvalid
)

func refuse(code, format string, args ...any) *Refusal {
	return &Refusal{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Rules check a pushed command against its pusher and the project state.
type Rules struct {
	// Name names a member for messages ("anna"); unknown GUIDs as given.
	Name func(qda.GUID) string
}

// KindWithdraw is the kind of the command that records an interviewee's
// withdrawal of consent (privacy.KindWithdraw); the data-protection
// officer records it, and purges the interview after it.
const KindWithdraw = "interview.withdraw"

// KindExport is the kind of an export's audit entry (a command without
// changes, privacy.KindExport), which every member pushes, readers too.
const KindExport = "export"

// dpoKinds are the command kinds only the data-protection officer
// pushes: anonymisation, the pseudonym key, purges.
func dpoKind(kind string) bool {
	return strings.HasPrefix(kind, "anon.") || strings.HasPrefix(kind, "key.") || kind == "purge" || strings.HasPrefix(kind, "purge.")
}

// Check refuses cmd when u may not push it: a reader pushes nothing but
// the audit entries of their exports; a
// command carries its pusher as user; only the data-protection officer
// anonymises, purges and holds the key; members are managed on the server;
// an interviewer changes the interviews, protocols and texts of their own
// interviews (and the answers' codings the import makes); a coder codes,
// writes memos and summaries; the lead does everything but the
// data-protection officer's work. A change whose before image is not the
// entity as the log leaves it is a conflict (codings excepted: they are
// added and removed, never edited concurrently into a loss).
func (r Rules) Check(st State, u *User, cmd *qda.Command) error {
	who := fmt.Sprintf("%s (%s)", u.Name, roleNames(u.Roles))
	if cmd.Kind == KindExport && len(cmd.Changes) == 0 && cmd.User == u.GUID {
		// An export's audit entry: everyone's reaches the central audit.
		return nil
	}
	if !u.Has(qda.MemberLead) && !u.Has(qda.MemberInterviewer) && !u.Has(qda.MemberCoder) && !u.Has(qda.MemberDPO) {
		return refuse(RefusedForbidden, "%s is a reader: readers push nothing", u.Name)
	}
	if cmd.GUID == "" || cmd.Kind == "" {
		return refuse(RefusedInvalid, "a command without GUID or kind")
	}
	if cmd.User != u.GUID {
		return refuse(RefusedForbidden, "%q was made by %s, but %s is logged in: a laptop pushes only its own user's commands", cmd.Summary, r.name(cmd.User), u.Name)
	}
	switch {
	case dpoKind(cmd.Kind) && !u.Has(qda.MemberDPO):
		return refuse(RefusedForbidden, "%s may not do this: only the data-protection officer anonymises, purges and holds the pseudonym key", who)
	case cmd.Kind == KindPurge:
		return r.purge(cmd)
	case cmd.Kind == qda.KindAnonReplace:
		return r.anonymise(st, cmd)
	case strings.HasPrefix(cmd.Kind, "key.") && len(cmd.Changes) == 0:
		// The pseudonym key's audit entries: the key stays on the laptop.
		return nil
	case cmd.Kind == "anon.ignore":
		// The ignore list: checked like any change below.
	case dpoKind(cmd.Kind):
		return refuse(RefusedForbidden, "%q is not replicated: only purges, anonymisations (anon.replace) and the ignore list go through the team server (docs/team.md)", cmd.Summary)
	case strings.HasPrefix(cmd.Kind, "member.") || cmd.Kind == "user.auto" || cmd.Kind == "project.merge" || cmd.Kind == "exchange.import":
		return refuse(RefusedForbidden, "%q is not pushed: members are managed on the team server, and a whole project is not imported or merged into a team project", cmd.Summary)
	}
	v := view{st: st, cmd: cmd}
	for i, ch := range cmd.Changes {
		if ch.Sealed {
			return refuse(RefusedForbidden, "%q holds sealed images: anonymisation does not go through the team server yet", cmd.Summary)
		}
		if err := r.notPurged(st, cmd, ch); err != nil {
			return err
		}
		if err := r.allowed(v, u, who, cmd, ch); err != nil {
			return err
		}
		if ch.Entity == "coding" {
			continue
		}
		cur, err := v.before(i)
		if err != nil {
			return err
		}
		if !bytes.Equal(cur, ch.Before) {
			return refuse(RefusedConflict, "%q conflicts: the %s it changes was changed by someone else first; the other version is kept", cmd.Summary, ch.Entity)
		}
	}
	return nil
}

// purge checks a data-protection officer's purge: it names the entities
// it deletes (interviews, documents, their texts, codings, memos,
// summaries and ignore decisions) without images.
func (r Rules) purge(cmd *qda.Command) error {
	if len(cmd.Changes) == 0 {
		return refuse(RefusedInvalid, "%q names nothing to purge", cmd.Summary)
	}
	for _, ch := range cmd.Changes {
		if ch.Before != nil || ch.After != nil || ch.Sealed {
			return refuse(RefusedInvalid, "%q carries images: a purge names only what it deletes", cmd.Summary)
		}
		if !purgeable[ch.Entity] || ch.Key == "" {
			return refuse(RefusedInvalid, "%q: a purge does not delete a %s", cmd.Summary, ch.Entity)
		}
	}
	return nil
}

// anonymise checks a data-protection officer's anonymisation as a laptop
// pushes it: the replaced texts' new images in the clear without their
// before images (which hold the real names; the laptop keeps them sealed
// with the pseudonym key, if at all), the documents' records and the
// codings moved with the texts. The server then erases the replaced words
// from its log (docs/team.md).
func (r Rules) anonymise(st State, cmd *qda.Command) error {
	if len(cmd.Changes) == 0 {
		return refuse(RefusedInvalid, "%q replaces nothing", cmd.Summary)
	}
	v := view{st: st, cmd: cmd}
	for i, ch := range cmd.Changes {
		if ch.Sealed {
			return refuse(RefusedInvalid, "%q holds sealed images: a laptop pushes an anonymisation with the new texts in the clear (update protocoder)", cmd.Summary)
		}
		if err := r.notPurged(st, cmd, ch); err != nil {
			return err
		}
		switch {
		case ch.Entity == "text" && ch.Before == nil && ch.After != nil:
			doc, err := st.Image("document", ch.Key)
			if err != nil {
				return err
			}
			if doc == nil {
				return refuse(RefusedConflict, "%q anonymises a document the server does not have", cmd.Summary)
			}
			continue
		case ch.Entity == "coding" && ch.Before != nil && ch.After != nil:
			continue // moved with its text
		case ch.Entity == "document" && ch.Before != nil && ch.After != nil:
		default:
			return refuse(RefusedInvalid, "%q: an anonymisation changes texts, their documents and codings, not a %s like this", cmd.Summary, ch.Entity)
		}
		cur, err := v.before(i)
		if err != nil {
			return err
		}
		if !bytes.Equal(cur, ch.Before) {
			return refuse(RefusedConflict, "%q conflicts: the document was changed by someone else since; check again after the sync", cmd.Summary)
		}
	}
	return nil
}

// AnonNeedles returns the words an accepted anonymisation erases, read
// against the state before it (st): the words each replaced text loses.
func AnonNeedles(st State, cmd *qda.Command) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	for _, ch := range cmd.Changes {
		if ch.Entity != "text" {
			continue
		}
		old, err := st.Image("text", ch.Key)
		if err != nil {
			return nil, err
		}
		for _, w := range qda.RemovedWords(old, ch.After) {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out, nil
}

// notPurged refuses a change to a purged entity or one whose image points
// at a purged entity.
func (r Rules) notPurged(st State, cmd *qda.Command, ch qda.Change) error {
	gone := func(key string) (bool, error) { return st.Purged(key) }
	if p, err := gone(ch.Key); err != nil || p {
		if err != nil {
			return err
		}
		return refuse(RefusedForbidden, "%q changes a %s the data-protection officer purged", cmd.Summary, ch.Entity)
	}
	img := ch.After
	if img == nil {
		img = ch.Before
	}
	for _, ref := range references(img) {
		if p, err := gone(ref); err != nil {
			return err
		} else if p {
			return refuse(RefusedForbidden, "%q refers to what the data-protection officer purged (%s)", cmd.Summary, ref)
		}
	}
	return nil
}

func (r Rules) name(id qda.GUID) string {
	if r.Name != nil {
		if n := r.Name(id); n != "" {
			return n
		}
	}
	return string(id)
}

func roleNames(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// allowed checks one change against u's roles.
func (r Rules) allowed(v view, u *User, who string, cmd *qda.Command, ch qda.Change) error {
	no := func(what string) error {
		return refuse(RefusedForbidden, "%s may not do this: %s", who, what)
	}
	if ch.Entity == "user" {
		return no("members are managed on the team server (protocoder-server user add)")
	}
	if u.Has(qda.MemberLead) {
		return nil
	}
	switch ch.Entity {
	case "project", "guideline", "plan", "attribute":
		return no(fmt.Sprintf("only the lead changes the %s", ch.Entity))
	case "case":
		if u.Has(qda.MemberInterviewer) {
			return nil
		}
		return no("only the lead and interviewers add sites")
	case "interview":
		owner, err := v.interviewer(ch.Key)
		if err != nil {
			return err
		}
		if u.Has(qda.MemberInterviewer) && owner == u.GUID {
			return nil
		}
		if u.Has(qda.MemberDPO) && cmd.Kind == KindWithdraw {
			// Recording a withdrawal of consent, which a purge follows.
			return nil
		}
		return no(fmt.Sprintf("an interview is changed only by its interviewer (%s)", r.ownerName(owner)))
	case "document", "text":
		owner, err := v.docOwner(ch.Key)
		if err != nil {
			return err
		}
		if (u.Has(qda.MemberInterviewer) && owner == u.GUID && owner != "") || (u.Has(qda.MemberDPO) && ch.Entity == "text") {
			return nil
		}
		return no(fmt.Sprintf("a protocol's text is changed only by its interviewer (%s)", r.ownerName(owner)))
	case "coding":
		var c qda.Coding
		img := ch.After
		if img == nil {
			img = ch.Before
		}
		if err := json.Unmarshal(img, &c); err != nil {
			return refuse(RefusedInvalid, "%q: a broken coding image", cmd.Summary)
		}
		if ch.Before == nil && c.Coder != u.GUID {
			return no(fmt.Sprintf("the coding names %s as its coder", r.name(c.Coder)))
		}
		if u.Has(qda.MemberCoder) {
			return nil
		}
		if owner, err := v.docOwner(string(c.Document)); err == nil && u.Has(qda.MemberInterviewer) && owner == u.GUID {
			return nil
		}
		return no("coding is the coders' work (an interviewer codes only the answers of own protocols)")
	case "code", "memo", "summary", "report":
		if u.Has(qda.MemberCoder) {
			return nil
		}
		return no(fmt.Sprintf("only coders and the lead change a %s", ch.Entity))
	case "anonignore":
		if u.Has(qda.MemberDPO) {
			return nil
		}
		return no("only the data-protection officer keeps the anonymisation's ignore list")
	}
	return no(fmt.Sprintf("the team server does not know entity kind %q", ch.Entity))
}

func (r Rules) ownerName(id qda.GUID) string {
	if id == "" {
		return "none"
	}
	return r.name(id)
}

// view is the project state as the command sees it: its own images first,
// then the log's.
type view struct {
	st  State
	cmd *qda.Command
}

// image returns the entity as the command leaves it, or (if the command
// deletes it) as it was.
func (v view) image(entity, key string) ([]byte, error) {
	var found []byte
	for _, ch := range v.cmd.Changes {
		if ch.Entity == entity && ch.Key == key {
			found = ch.After
			if found == nil {
				found = ch.Before
			}
		}
	}
	if found != nil {
		return found, nil
	}
	return v.st.Image(entity, key)
}

// before returns the state change i finds: the log's, or the after image
// of an earlier change of the same entity in the command.
func (v view) before(i int) ([]byte, error) {
	ch := v.cmd.Changes[i]
	for j := i - 1; j >= 0; j-- {
		if p := v.cmd.Changes[j]; p.Entity == ch.Entity && p.Key == ch.Key {
			return p.After, nil
		}
	}
	return v.st.Image(ch.Entity, ch.Key)
}

func (v view) interviewer(id string) (qda.GUID, error) {
	img, err := v.image("interview", id)
	if err != nil || img == nil {
		return "", err
	}
	var iv qda.Interview
	if err := json.Unmarshal(img, &iv); err != nil {
		return "", refuse(RefusedInvalid, "a broken interview image %s", id)
	}
	return iv.Interviewer, nil
}

// docOwner is the interviewer of the interview a document is the protocol
// of; "" for other documents.
func (v view) docOwner(id string) (qda.GUID, error) {
	img, err := v.image("document", id)
	if err != nil || img == nil {
		return "", err
	}
	var d qda.Document
	if err := json.Unmarshal(img, &d); err != nil {
		return "", refuse(RefusedInvalid, "a broken document image %s", id)
	}
	if d.Interview == "" {
		return "", nil
	}
	return v.interviewer(string(d.Interview))
}
