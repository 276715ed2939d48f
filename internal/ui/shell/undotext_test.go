package shell

import (
	"encoding/json"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

func TestRevertText(t *testing.T) {
	test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	img := func(v any) json.RawMessage {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	code, doc := uitest.ID("code:Vertrauen"), uitest.ID("doc:KU-04-01")
	coding := qda.Coding{GUID: uitest.ID("coding:1"), Document: doc, Code: code, Range: qda.Range{Start: 16, End: 296}}
	coding2 := coding
	coding2.GUID = uitest.ID("coding:2")
	names := map[qda.GUID]string{code: "Vertrauen", doc: "Protokoll KU-04-01"}
	newCode := qda.Code{GUID: uitest.ID("code:neu"), Name: "Arbeitgeber"}
	tests := []struct {
		name string
		undo bool
		cmd  qda.Command
		want string
	}{
		{"undo coding.add", true, qda.Command{Kind: "coding.add", Summary: "code [16,296) of …",
			Changes: []qda.Change{{Entity: "coding", After: img(coding)}}}, "Codierung „Vertrauen“ in „Protokoll KU-04-01“ entfernt"},
		{"redo coding.add", false, qda.Command{Kind: "coding.add",
			Changes: []qda.Change{{Entity: "coding", After: img(coding)}}}, "Codierung „Vertrauen“ in „Protokoll KU-04-01“ wiederhergestellt"},
		{"undo coding.delete", true, qda.Command{Kind: "coding.delete",
			Changes: []qda.Change{{Entity: "coding", Before: img(coding)}}}, "Codierung „Vertrauen“ in „Protokoll KU-04-01“ wiederhergestellt"},
		{"undo coding.recode", true, qda.Command{Kind: "coding.recode",
			Changes: []qda.Change{{Entity: "coding", Before: img(coding), After: img(coding)}}}, "Änderung rückgängig gemacht: Codierung „Vertrauen“ in „Protokoll KU-04-01“"},
		{"undo in vivo names the coding and the new code's name", true, qda.Command{Kind: "coding.invivo",
			Changes: []qda.Change{{Entity: "code", After: img(newCode)}, {Entity: "coding", After: img(qda.Coding{Document: doc, Code: newCode.GUID})}}},
			"Codierung „Arbeitgeber“ in „Protokoll KU-04-01“ entfernt"},
		{"undo autocode", true, qda.Command{Kind: "coding.autocode",
			Changes: []qda.Change{{Entity: "coding", After: img(coding)}, {Entity: "coding", After: img(coding2)}}}, "2 Codierungen „Vertrauen“ entfernt"},
		{"undo code.delete with codings", true, qda.Command{Kind: "code.delete",
			Changes: []qda.Change{{Entity: "coding", Before: img(coding)}, {Entity: "code", Before: img(qda.Code{GUID: code, Name: "Vertrauen"})}}},
			"Code „Vertrauen“ wiederhergestellt"},
		{"redo memo.add", false, qda.Command{Kind: "memo.add",
			Changes: []qda.Change{{Entity: "memo", After: img(qda.Memo{Title: "Eindruck"})}}}, "Memo „Eindruck“ wiederhergestellt"},
		{"long names are clipped", true, qda.Command{Kind: "document.add",
			Changes: []qda.Change{{Entity: "document", After: img(qda.Document{Name: "Fallbericht JC-11 – Strategische Ebene (1. Welle, mit Ausblick)"})}}},
			"Dokument „Fallbericht JC-11 – Strateg…“ entfernt"},
		{"unknown entity", true, qda.Command{Kind: "key.add", Changes: []qda.Change{{Entity: "key", After: []byte(`{}`)}}}, "Letzte Änderung rückgängig gemacht"},
		{"unknown names", true, qda.Command{Kind: "coding.add",
			Changes: []qda.Change{{Entity: "coding", After: img(qda.Coding{Document: "x", Code: "y"})}}}, "Codierung „?“ in „?“ entfernt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RevertText(tt.undo, &tt.cmd, names); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
