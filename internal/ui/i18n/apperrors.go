package i18n

import (
	"time"

	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
)

// appError renders an app error's keyed message (qda.Error.Key) in the
// user's language; ok is false for a key it does not know, whose English
// Message is shown instead. The English texts here are the fallbacks; the
// catalogs hold them under "apperr.KEY".
func appError(e *qda.Error) (text string, ok bool) {
	a := localArgs(e.Args)
	switch e.Key {
	case "name.tooLong":
		return lang.X("apperr.name.tooLong", "The name “{{.Name}}…” has {{.N}} characters; at most {{.Max}} are allowed.", a), true
	case "code.noName":
		return lang.X("apperr.code.noName", "A code needs a name.", a), true
	case "code.exists":
		return lang.X("apperr.code.exists", "A code named “{{.Name}}” exists already at that place.", a), true
	case "code.notFound":
		return lang.X("apperr.code.notFound", "There is no code “{{.Ref}}”.", a), true
	case "code.ambiguous":
		return lang.X("apperr.code.ambiguous", "{{.N}} codes are named “{{.Ref}}”.", a), true
	case "case.noName":
		return lang.X("apperr.case.noName", "A site needs a pseudonym.", a), true
	case "case.exists":
		return lang.X("apperr.case.exists", "A site “{{.Name}}” exists already.", a), true
	case "case.notFound":
		return lang.X("apperr.case.notFound", "There is no site “{{.Ref}}”.", a), true
	case "attribute.exists":
		return lang.X("apperr.attribute.exists", "An attribute “{{.Name}}” exists already.", a), true
	case "member.exists":
		return lang.X("apperr.member.exists", "A member “{{.Name}}” exists already.", a), true
	case "guideline.notFound":
		return lang.X("apperr.guideline.notFound", "There is no guideline “{{.Ref}}”.", a), true
	case "guideline.noRole":
		return lang.X("apperr.guideline.noRole", "The guideline {{.Guideline}} has no role “{{.Role}}” (its roles: {{.Roles}}).", a), true
	case "interview.notFound":
		return lang.X("apperr.interview.notFound", "There is no interview “{{.Ref}}”.", a), true
	case "interview.wave":
		return lang.X("apperr.interview.wave", "Wave {{.Wave}} does not exist; waves start at 1.", a), true
	case "interview.noPseudonym":
		return lang.X("apperr.interview.noPseudonym", "An interview needs the interviewee's pseudonym.", a), true
	case "status.oneStep":
		return lang.X("apperr.status.oneStep", "A protocol moves from “{{.From}}” to “{{.To}}” one step at a time.", a), true
	case "status.already":
		return lang.X("apperr.status.already", "The protocol is “{{.Status}}” already.", a), true
	case "final.recording":
		return lang.X("apperr.final.recording", "The recording of {{.Name}} is still in the project. Delete it before the protocol becomes final.", a), true
	case "final.refused":
		return lang.X("apperr.final.refused", "{{.Name}} declined the interview (recorded on {{.Date}}); a refused interview never becomes final.", a), true
	case "final.withdrawn":
		return lang.X("apperr.final.withdrawn", "{{.Name}} withdrew their consent (recorded on {{.Date}}); the interview is erased, not made final.", a), true
	case "final.intensiveBoth":
		return lang.X("apperr.final.intensiveBoth", "{{.Name}} is an intensive interview: it becomes final only with the signed data-protection declaration and the information sheet, which its record lacks.", a), true
	case "final.intensiveDeclaration":
		return lang.X("apperr.final.intensiveDeclaration", "{{.Name}} is an intensive interview: it becomes final only with the signed data-protection declaration, which its record lacks.", a), true
	case "final.intensiveInfoSheet":
		return lang.X("apperr.final.intensiveInfoSheet", "{{.Name}} is an intensive interview: it becomes final only with the information sheet, which its record lacks.", a), true
	case "final.anon":
		return lang.XN("apperr.final.anon", "The protocol of {{.Name}} has {{.N}} open anonymisation findings. Replace or ignore them (tab Data protection) before it becomes final.", count(a), a), true
	case "recording.noConsentGiven":
		return lang.X("apperr.recording.noConsentGiven", "{{.Name}} refused or withdrew consent; the interview keeps no recording.", a), true
	case "recording.noConsent":
		return lang.X("apperr.recording.noConsent", "{{.Name}} did not consent to a recording; the interview cannot have one.", a), true
	case "refuse.already":
		return lang.X("apperr.refuse.already", "The refusal of {{.Name}} is recorded already (on {{.Date}}).", a), true
	case "refuse.withdrawn":
		return lang.X("apperr.refuse.withdrawn", "{{.Name}} withdrew their consent already.", a), true
	case "refuse.given":
		return lang.X("apperr.refuse.given", "The interview with {{.Name}} was given (it has a protocol or a recording): record a withdrawal of consent instead.", a), true
	case "refuse.notDraft":
		return lang.X("apperr.refuse.notDraft", "{{.Name}} is “{{.Status}}”: a refusal is recorded for a planned interview, a draft without a protocol.", a), true
	case "consent.notGiven":
		return lang.X("apperr.consent.notGiven", "{{.Name}} refused or withdrew consent; that stays recorded.", a), true
	case "consent.same":
		return lang.X("apperr.consent.same", "The consent of {{.Name}} is recorded like this already.", a), true
	case "consent.recording":
		return lang.X("apperr.consent.recording", "The recording of {{.Name}} is in the project: delete it first, or record a withdrawal of consent.", a), true
	case "consent.final":
		return lang.X("apperr.consent.final", "The protocol of {{.Name}} is final and needs this consent; reopen it first.", a), true
	case "purge.nothing":
		return lang.X("apperr.purge.nothing", "There is nothing to erase.", a), true
	case "key.inside":
		return lang.X("apperr.key.inside", "The key must go outside the project folder, not to {{.Path}}.", a), true
	case "key.exists":
		return lang.X("apperr.key.exists", "{{.Path}} exists already; choose a new file.", a), true
	case "undo.changedSince":
		return lang.X("apperr.undo.changedSince", "The edit cannot be undone: what it changed has been changed since.", a), true
	case "redo.changedSince":
		return lang.X("apperr.redo.changedSince", "The edit cannot be redone: what it changed has been changed since.", a), true
	}
	return "", false
}

// localArgs renders a keyed message's statuses, levels and dates in the
// user's language.
func localArgs(args map[string]any) map[string]any {
	out := make(map[string]any, len(args))
	for k, v := range args {
		switch x := v.(type) {
		case qda.Status:
			out[k] = Status(x)
		case qda.Level:
			out[k] = Level(x)
		case time.Time:
			out[k] = Date(x)
		default:
			out[k] = v
		}
	}
	return out
}

// count is a message's "N", for its plural form.
func count(a map[string]any) int {
	n, _ := a["N"].(int)
	return n
}
