// Command protocoder is the desktop app.
package main

import (
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("org.protocoder.app")
	w := a.NewWindow("protocoder")
	w.SetContent(widget.NewLabel("protocoder"))
	w.ShowAndRun()
}
