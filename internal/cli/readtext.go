package cli

import "github.com/protocoder/protocoder/internal/wire"

// readText reads a small text file for import (wire.ReadText).
func readText(path string) (string, error) { return wire.ReadText(path) }
