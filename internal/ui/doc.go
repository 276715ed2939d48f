// Package ui holds protocoder's Fyne views; each view lives in a
// subpackage. Nothing here imports fyne.io/fyne/v2/app, so every view is
// tested headlessly with fyne.io/fyne/v2/test and CGO_ENABLED=0.
package ui

import _ "fyne.io/fyne/v2/test" // keep the test driver in go.mod for view tests
