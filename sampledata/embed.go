// Package sampledata embeds the sample project's sources: the seven study
// guidelines (transcribed from the report's appendix) and, as they are
// written, sites, protocols and case reports. `protocoder-cli sample DIR`
// and the GUI's "Open sample project" build a fresh project from them.
package sampledata

import "embed"

// FS holds the sample files.
//
//go:embed guidelines protocols reports *.csv
var FS embed.FS
