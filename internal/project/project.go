// Package project assembles the use cases of one open project: the core
// (internal/app: the write path, undo, the ports, shared reads) and every
// feature package around it (internal/app/coding, analysis, study,
// exchange, privacy, members, pairs, indexing). It is the one place that
// knows them all; the feature packages never import each other, and
// nothing below this package imports it. The CLI, the GUI's shell and the tests hold a *Project; a GUI view
// declares the few methods it needs as its own Source interface.
package project

import (
	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/exchange"
	"github.com/protocoder/protocoder/internal/app/indexing"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"
)

// The embedded services, named so that their methods are promoted side by
// side (every feature's type is called Service).
type (
	Core       = app.Service
	Coding     = coding.Service
	Analysis   = analysis.Service
	Study      = study.Service
	Exchange   = exchange.Service
	Privacy    = privacy.Service
	Membership = members.Service
	PairCases  = pairs.Service
	Indexing   = indexing.Service
)

// Project is one open project with all its use cases: p.AddCoding comes
// from coding, p.Matrix from analysis, p.Undo from the core.
type Project struct {
	*Core
	*Coding
	*Analysis
	*Study
	*Exchange
	*Privacy
	*Membership
	*PairCases
	*Indexing
}

// New opens the use cases on cfg's store. The store holds the project's
// lock, so recording files that disagree with their interviews are what an
// attach or delete killed halfway left behind: they are removed here, at
// every open.
func New(cfg app.Config) *Project {
	core := app.New(cfg)
	p := &Project{Core: core, Coding: coding.New(core), Analysis: analysis.New(core), Study: study.New(core),
		Exchange: exchange.New(core), Privacy: privacy.New(core), Membership: members.New(core), PairCases: pairs.New(core),
		Indexing: indexing.New(core)}
	if n, err := p.ReconcileRecordings(); err != nil {
		core.Log().Warn("unconfirmed recordings not removed", "err", err)
	} else if n > 0 {
		core.Log().Info("unconfirmed recordings removed", "files", n)
	}
	return p
}
