package server

import (
	"encoding/json"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/teamapi"
)

// Data protection on the server (docs/team.md)
//
// Every change image a store keeps is sealed under the data key of its
// scope (internal/server/vault): a document's record, its text, its
// codings and the anonymisation's ignore decisions about it share the
// document's key; an interview has its own; every other entity (memo,
// summary, code, case …) has one of its own. A purge names the entities
// it deletes; the store deletes their data keys (crypto-shredding), so
// what the log held of them can no longer be read anywhere, and leaves
// their changes out of every later pull. The purged keys are remembered:
// a change to one of them, or one whose image points at one (a coding of a
// purged document, a memo about a purged coding), is refused.

// KindPurge is the kind of a purge command (teamapi.KindPurge).
const KindPurge = teamapi.KindPurge

// ScopeOf is the scope of the data key that seals a change's images.
func ScopeOf(ch qda.Change) string {
	switch ch.Entity {
	case "text", "document":
		return "document/" + ch.Key
	case "coding", "anonignore":
		img := ch.After
		if img == nil {
			img = ch.Before
		}
		var ref struct {
			Document qda.GUID `json:"document"`
		}
		if json.Unmarshal(img, &ref) == nil && ref.Document != "" {
			return "document/" + string(ref.Document)
		}
	}
	return ch.Entity + "/" + ch.Key
}

// PurgeScopes are the scopes whose data keys a purge destroys: the
// documents', interviews' and other entities' own scopes among its keys
// (codings and ignore decisions go with their documents).
func PurgeScopes(cmd *qda.Command) []string {
	seen := map[string]bool{}
	var out []string
	for _, ch := range cmd.Changes {
		if ch.Entity == "coding" || ch.Entity == "anonignore" {
			continue
		}
		s := ScopeOf(qda.Change{Entity: ch.Entity, Key: ch.Key})
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// purgeable are the entity kinds a purge deletes.
var purgeable = map[string]bool{"interview": true, "document": true, "text": true, "coding": true, "memo": true, "summary": true, "anonignore": true}

// references returns the GUIDs an image points at in its top-level
// fields (document, interview, target, code …): a change pointing at a
// purged entity is refused.
func references(img json.RawMessage) []string {
	if len(img) == 0 || img[0] != '{' {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(img, &fields) != nil {
		return nil
	}
	var out []string
	for _, v := range fields {
		if len(v) < 2 || v[0] != '"' || len(v) > 64 {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) == nil && qda.GUID(s).Valid() {
			out = append(out, s)
		}
	}
	return out
}
