package matrixview

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/storage"

	"github.com/protocoder/protocoder/internal/app/analysis"
	"github.com/protocoder/protocoder/internal/qda"
)

// Image renders a matrix as a heat map with a title and the legend, dark
// text on white, at the given scale. It uses Fyne's software painter on a
// canvas of its own, so it works without a display. Call it on the UI
// goroutine.
func Image(m *analysis.Matrix, title string, scale float32) image.Image {
	h := newHeatmap(func() color.Color { return color.NRGBA{0x21, 0x21, 0x21, 0xff} })
	h.title = title
	h.setMatrix(m)
	cv := software.NewTransparentCanvas()
	cv.SetPadded(false)
	cv.SetScale(scale)
	cv.SetContent(h)
	cv.Resize(h.MinSize().Add(fyne.NewSize(8, 8)))
	img := cv.Capture()
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Over)
	return out
}

// WritePNG writes the matrix shown as a PNG heat map (at twice the screen
// resolution). Call it on the UI goroutine.
func (v *View) WritePNG(w io.Writer) error {
	if v.matrix == nil {
		return qda.Errorf(qda.EInvalid, "no matrix loaded")
	}
	title := v.title()
	return png.Encode(w, Image(v.matrix, title, 2))
}

// title describes the matrix shown: rows × columns.
func (v *View) title() string {
	rows := v.rowSel.Selected
	if v.req.Guideline != "" {
		rows += " " + v.req.Guideline
	}
	return rows + " × " + v.colSel.Selected
}

func (v *View) chooseCSV() { v.save("codematrix.csv", ".csv", v.WriteCSV) }

func (v *View) choosePNG() { v.save("codematrix.png", ".png", v.WritePNG) }

// save asks for a file and writes it with write (run on the UI goroutine,
// the file is written in the background).
func (v *View) save(name, ext string, write func(io.Writer) error) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			if err != nil {
				v.onError(err)
			}
			return
		}
		var buf bytes.Buffer
		err = write(&buf)
		v.async(func() {
			if err == nil {
				_, err = wc.Write(buf.Bytes())
			}
			if cerr := wc.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				v.do(func() { v.onError(err) })
			}
		})
	}, v.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}
