// Package ui holds protocoder's Fyne views; each view lives in a
// subpackage:
//
//   - shell: the main window (start screen, File menu, search field, status
//     bar) and the Opener it gets injected to open and create projects;
//   - navigation: interviews by level, site and wave, case reports, other
//     documents and guidelines, filtered by the search field;
//   - codetree: the codebook with colour chips, coding counts (document
//     and project) and a context menu to edit it;
//   - codingview: the coding widget (coloured ranges, coding stripes,
//     selection by mouse and keyboard);
//   - workbench: a document in the coding widget with the coding actions;
//   - guideview: a guideline's question tree with a role filter;
//   - i18n: the German and English strings (German first);
//   - uitest: an in-memory store and a sample project for view tests.
//
// Views follow one pattern: a widget struct built by a constructor from its
// dependencies, declared as small interfaces where they are used
// (*project.Project implements them), and an Update or Load method that reads
// data off the UI goroutine and applies it with fyne.Do.
//
// Nothing here imports fyne.io/fyne/v2/app, the store or the index, so
// every view is tested headlessly with fyne.io/fyne/v2/test and
// CGO_ENABLED=0 (layer_test.go checks the dependencies, tests included).
package ui

import _ "fyne.io/fyne/v2/test" // keep the test driver in go.mod for view tests
