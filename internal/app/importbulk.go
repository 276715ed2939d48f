package app

import (
	"fmt"

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
	err := s.write("protocol.import", summary, func(tx Tx) error {
		out = out[:0]
		for _, it := range prepared {
			res, err := s.importProtocol(tx, it.Interview, it.Blocks, it.Name, it.Source)
			if err != nil {
				return fmt.Errorf("%s: %w", it.label(), err)
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
