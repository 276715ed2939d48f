// Package importer turns files into qda documents and guidelines: plain
// text, Markdown, docx, odt, rtf, pdf and REFI-QDA exchange files. Each
// format lives in a subpackage; guidefmt reads and writes guideline files.
package importer
