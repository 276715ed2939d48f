package server

import (
	"encoding/json"
	"sort"

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

// ExpandPurge adds to an accepted purge every entity of the log that
// belongs to what it deletes but that it does not name, because the
// data-protection officer's laptop had not pulled it yet: the documents
// of its interviews, their texts, codings and ignore decisions, the memos
// about any of these (or about their codings) and the summaries of its
// interviews and documents — what the laptops' own erasure
// (privacy.ApplyRemotePurge) deletes with them. Named, they are deleted,
// remembered as purged and their scopes' data keys destroyed with the
// rest, so every replica and the log agree and no image of them stays
// readable on the server.
func ExpandPurge(st State, cmd *qda.Command) error {
	named := map[string]bool{}
	ivs, docs := map[string]bool{}, map[string]bool{}
	for _, ch := range cmd.Changes {
		named[ch.Entity+"\x00"+ch.Key] = true
		switch ch.Entity {
		case "interview":
			ivs[ch.Key] = true
		case "document":
			docs[ch.Key] = true
		}
	}
	add := func(entity, key string) {
		if k := entity + "\x00" + key; !named[k] {
			named[k] = true
			cmd.Changes = append(cmd.Changes, qda.Change{Entity: entity, Key: key})
		}
	}
	// ref reads one GUID field of an image.
	ref := func(img []byte, field string) string {
		var m map[string]json.RawMessage
		if json.Unmarshal(img, &m) != nil {
			return ""
		}
		var s string
		if json.Unmarshal(m[field], &s) != nil {
			return ""
		}
		return s
	}
	err := st.Each("document", func(key string, img []byte) error {
		if ivs[ref(img, "interview")] {
			docs[key] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	targets := map[string]bool{}
	for id := range ivs {
		targets[id] = true
	}
	for _, id := range sortedKeys(docs) {
		targets[id] = true
		for _, entity := range []string{"document", "text"} {
			img, err := st.Image(entity, id)
			if err != nil {
				return err
			}
			if img != nil {
				add(entity, id)
			}
		}
	}
	for _, entity := range []string{"coding", "anonignore"} {
		err := st.Each(entity, func(key string, img []byte) error {
			if docs[ref(img, "document")] {
				add(entity, key)
				if entity == "coding" {
					targets[key] = true
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, ch := range cmd.Changes {
		if ch.Entity == "coding" {
			targets[ch.Key] = true
		}
	}
	err = st.Each("memo", func(key string, img []byte) error {
		if targets[ref(img, "target")] {
			add("memo", key)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return st.Each("summary", func(key string, img []byte) error {
		if t := ref(img, "target"); ivs[t] || docs[t] {
			add("summary", key)
		}
		return nil
	})
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
