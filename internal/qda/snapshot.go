package qda

// Snapshot is a whole project's content as one value: what a REFI-QDA
// exchange file carries and what a team merge compares. Texts are canonical
// and keyed by document GUID; the slices are in no particular order.
type Snapshot struct {
	// Project is the project record (GUID, name, creation time).
	Project Project `json:"project"`
	// Users are the coders and authors.
	Users []User `json:"users,omitempty"`
	// AttributeDefs declare the case and interview attributes.
	AttributeDefs []AttributeDef `json:"attribute_defs,omitempty"`
	// Cases are the sites with their attribute values.
	Cases []Case `json:"cases,omitempty"`
	// Guidelines are the interview guidelines with their question trees.
	Guidelines []Guideline `json:"guidelines,omitempty"`
	// Codes is the codebook.
	Codes []Code `json:"codes,omitempty"`
	// Interviews are the interview records.
	Interviews []Interview `json:"interviews,omitempty"`
	// Documents are the documents' metadata.
	Documents []Document `json:"documents,omitempty"`
	// Texts maps a document GUID to its canonical text.
	Texts map[GUID]string `json:"texts,omitempty"`
	// Codings are the coded segments.
	Codings []Coding `json:"codings,omitempty"`
	// Memos are the memos.
	Memos []Memo `json:"memos,omitempty"`
	// Plan is the interview plan, nil if the source has none.
	Plan *Plan `json:"plan,omitempty"`
	// History tells, per entity ("code/<guid>", "text/<guid>", …), which
	// commands changed it, oldest first. It is nil when the source has no
	// command log (an exchange file); a merge then cannot tell which side
	// changed an entity.
	History map[string][]Touch `json:"history,omitempty"`
	// Commands holds the GUIDs of every command in the source's log.
	Commands map[GUID]bool `json:"commands,omitempty"`
}

// Touch is one change of an entity by a command.
type Touch struct {
	// Command is the GUID of the command.
	Command GUID `json:"command"`
	// Kind is the command's kind ("code.update", "project.merge", …).
	Kind string `json:"kind"`
	// After is a hash of the entity's image after the change, "" when the
	// command deleted it.
	After string `json:"after,omitempty"`
}

// EntityKey is the key of an entity in Snapshot.History and in command
// change records: the entity kind and its key joined by "/".
func EntityKey(kind, key string) string { return kind + "/" + key }
