package study

import (
	"context"
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// ProtocolImport is one protocol for ImportProtocols.
type ProtocolImport struct {
	Interview NewInterview
	Blocks    []qda.ProtocolBlock
	// Name is the document's name; Source the file it came from.
	Name, Source string
	// Path is how errors name the protocol (e.g. the file's full path);
	// empty means Source.
	Path string
}

// label returns how errors name it.
func (it *ProtocolImport) label() string {
	if it.Path != "" {
		return it.Path
	}
	return it.Source
}

// ImportProtocols imports several protocols as ImportProtocol does, in one
// command: one commit and one index update for all of them (a folder of
// protocols imports many times faster than file by file), one step to
// undo, and on any error none is imported; the error names the source.
func (s *Service) ImportProtocols(items []ProtocolImport) ([]*ImportedProtocol, error) {
	return s.ImportProtocolsContext(context.Background(), items)
}

// ImportProtocolsContext is ImportProtocols, cancelled through ctx: the
// context is checked before each protocol and before the commit, and a
// cancelled import writes nothing and returns ctx's error.
func (s *Service) ImportProtocolsContext(ctx context.Context, items []ProtocolImport) ([]*ImportedProtocol, error) {
	if len(items) == 0 {
		return nil, nil
	}
	prepared := make([]ProtocolImport, len(items))
	for i, it := range items {
		blocks, err := canonicalBlocks(it.Blocks)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", it.label(), err)
		}
		it.Blocks = blocks
		prepared[i] = it
	}
	summary := fmt.Sprintf("import %d protocols", len(items))
	if len(items) == 1 {
		summary = "import protocol " + items[0].Name
	}
	out := make([]*ImportedProtocol, 0, len(items))
	named := false // the error names the protocol that failed
	err := s.Write("protocol.import", summary, func(tx app.Tx) error {
		out = out[:0]
		lk := s.newLookup(tx)
		for _, it := range prepared {
			if err := ctx.Err(); err != nil {
				named = true
				return fmt.Errorf("import: %w", err)
			}
			res, err := s.importProtocol(lk, it.Interview, it.Blocks, it.Name, it.Source)
			if err != nil {
				named = true
				return fmt.Errorf("%s: %w", it.label(), err)
			}
			out = append(out, res)
		}
		if err := ctx.Err(); err != nil {
			named = true
			return fmt.Errorf("import: %w", err)
		}
		return nil
	})
	if err != nil && !named {
		// The commit failed (a full disk): name what was being imported.
		return nil, fmt.Errorf("%s: %w", labels(prepared), err)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// labels names the protocols of an import for an error message: all of a
// few, the first ones of many.
func labels(items []ProtocolImport) string {
	const shown = 3
	var names []string
	for i := range items[:min(len(items), shown)] {
		names = append(names, items[i].label())
	}
	s := strings.Join(names, ", ")
	if len(items) > shown {
		s += fmt.Sprintf(" and %d more", len(items)-shown)
	}
	return s
}
