// Package codingview is protocoder's coding widget: a custom Fyne widget
// (View) that shows a document's canonical text word-wrapped, highlights
// its coded ranges in their codes' colours, draws a margin of coding
// stripes, and lets a coder select text precisely with mouse and keyboard.
// Every position is a rune offset into the canonical text, the unit of
// qda.Coding; selections and codings are half-open ranges [start, end).
//
// # Design
//
// Layout is pure and knows nothing of Fyne: it splits the text into hard
// lines ("paragraphs"), wraps a paragraph greedily at spaces the first
// time one of its lines is needed, and maps offsets to x positions and
// back. Widths come from an injected MeasureFunc and are cached per word
// (and word prefix), so wrapping again after a resize needs no font work.
//
// Virtualisation: the view scrolls itself (see View), keeping its position
// as an anchor line (scroller). A frame lays out and draws only the lines
// that are visible; the renderer reuses its canvas objects from frame to
// frame and keeps each visible line's text object while the line stays on
// screen. The scroll bar's size and position are estimated from the
// average character width for paragraphs not laid out yet.
//
// Overlaps: each coding paints a translucent fill of its code's colour
// under its text, so overlapping codings stack visibly, and a solid
// underline in one of three lanes below the text; overlapping codings
// always get different lanes. The selection is drawn on top as an
// outlined box.
//
// Stripes: one vertical bar per coding in the left margin, in a column
// that the coding keeps wherever it is shown, labelled with the code's
// name at the top of its visible part, like MAXQDA's coding stripes.
// Clicking a bar selects its coding; hovering over a bar or coded text
// shows codes, coders and memos. CompareCoders puts two (or more) coders'
// stripes side by side, ground work for inter-coder agreement.
//
// All methods must be called on Fyne's UI goroutine (use fyne.Do).
package codingview
