package protocoleditor

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// refs lists the items' block references: question ids, free titles.
func (e *Editor) refs() []string {
	var out []string
	for _, it := range e.items {
		if it.free() {
			out = append(out, "["+it.block.Title+"]")
		} else {
			out = append(out, it.block.QuestionID)
		}
	}
	return out
}

func TestEditor_Load(t *testing.T) {
	tests := []struct {
		guideline, role string
		refs            []string
		shows, hides    []string
	}{
		{"A.1.1", "GF", []string{"[Vorbemerkungen]", "1.1", "1.2", "[Abschließende Bemerkungen]"},
			[]string{"1.1 Welche Ziele verfolgt Ihr Jobcenter?", "1.2 Was läuft gut, was weniger gut?", "• Größe der Teams", "◦ Veränderungen seit Beginn", "» Nach Ermessen stellen.", "1. Strategische Bedeutung"},
			[]string{"Kennzahlen", "2.1 Wie wird", "2. Steuerung"}},
		{"A.1.1", "PL", []string{"[Vorbemerkungen]", "1.1", "[Abschließende Bemerkungen]"},
			[]string{"1.1 Welche Ziele verfolgt Ihr Jobcenter?"}, []string{"1.2 Was läuft", "Größe der Teams", "2.1 Wie wird"}},
		{"A.1.1", "CF", []string{"[Vorbemerkungen]", "1.2", "2.1", "[Abschließende Bemerkungen]"},
			[]string{"• Kennzahlen und Zielerreichung", "2.1 Wie wird die Zielerreichung gemessen?", "2. Steuerung"}, []string{"1.1 Welche Ziele", "Größe der Teams"}},
		{"A.2.1", "", []string{"[Vorbemerkungen]", "1.1", "[Abschließende Bemerkungen]"},
			[]string{"1.1 Wie hat sich die Zuweisungspraxis verändert?"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.guideline+"/"+tt.role, func(t *testing.T) {
			svc, _ := editorProject(t)
			role := tt.role
			if role == "" {
				role = "TL"
			}
			iv := interview(t, svc, tt.guideline, role, "")
			h := editor(t, svc, iv.GUID)
			e := h.e
			if got := e.refs(); !reflect.DeepEqual(got, tt.refs) {
				t.Errorf("form %q, want %q", got, tt.refs)
			}
			if len(e.entries) != len(tt.refs) || e.ReadOnly() {
				t.Errorf("%d answer fields (read-only %v), want %d editable", len(e.entries), e.ReadOnly(), len(tt.refs))
			}
			shown := texts(e)
			for _, s := range tt.shows {
				if !strings.Contains(shown, s) {
					t.Errorf("form lacks %q:\n%s", s, shown)
				}
			}
			for _, s := range tt.hides {
				if strings.Contains(shown, s) {
					t.Errorf("form shows %q", s)
				}
			}
			if want := "Protokoll Test-" + role; e.title.Text != want {
				t.Errorf("title %q, want %q", e.title.Text, want)
			}
		})
	}
}

func TestEditor_autosave(t *testing.T) {
	tests := []struct {
		name    string
		role    string
		typed   map[string]string // field → text typed
		answers map[string]string // question id → answer coded
		text    []string          // further text in the protocol
	}{
		{"one answer", "GF", map[string]string{"1.1": "Die Ziele sind klar."}, map[string]string{"1.1": "Die Ziele sind klar."}, nil},
		{"umlauts and notes", "CF",
			map[string]string{"Vorbemerkungen": "Gespräch im Büro.", "2.1": "Über Kennzahlen – „Größe“ zählt.", "Abschließende Bemerkungen": "Danke."},
			map[string]string{"2.1": "Über Kennzahlen – „Größe“ zählt."},
			[]string{"Vorbemerkungen\n\nGespräch im Büro.", "Abschließende Bemerkungen\n\nDanke."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := editorProject(t)
			iv := interview(t, svc, "A.1.1", tt.role, "")
			h := editor(t, svc, iv.GUID)
			e := h.e
			h.ui(func() {
				for field, s := range tt.typed {
					test.Type(e.entryFor(t, field), s)
				}
			})
			h.eventually(t, "autosave", func() bool { _, err := svc.ProtocolOf(iv.GUID); return err == nil && !e.Dirty() })
			text, cs := protocol(t, svc, iv.GUID)
			g, _ := svc.Guideline("A.1.1")
			got := map[string]string{}
			for _, c := range cs {
				if c.Origin != qda.OriginTemplate {
					continue
				}
				for _, s := range g.Sections {
					for _, q := range s.Questions {
						if c.Code == qda.NameGUID(q.GUID, "code") {
							got[q.ID] = qda.Slice(text, c.Start, c.End)
						}
					}
				}
			}
			if !reflect.DeepEqual(got, tt.answers) {
				t.Errorf("template codings cover %q, want %q\ntext:\n%s", got, tt.answers, text)
			}
			for _, s := range tt.text {
				if !strings.Contains(text, s) {
					t.Errorf("protocol lacks %q:\n%s", s, text)
				}
			}
			h.ui(func() {
				if !strings.HasPrefix(e.Status(), "gespeichert ") {
					t.Errorf("status %q", e.Status())
				}
			})
		})
	}
}

func TestEditor_Load_saved(t *testing.T) {
	svc, _ := editorProject(t)
	iv := interview(t, svc, "A.1.1", "GF", "")
	blocks := []qda.ProtocolBlock{{Title: "Vorbemerkungen", Body: "Vorab."}, {QuestionID: "1.2", Body: "Gut.\n\nWeniger gut."},
		{QuestionID: "2.1", Body: "Nicht an GF gerichtet."}, {Title: "Abschließende Bemerkungen", Body: "Ende."}}
	if _, err := svc.SaveProtocol(iv.GUID, blocks, false); err != nil {
		t.Fatal(err)
	}
	h := editor(t, svc, iv.GUID)
	e := h.e
	want := map[string]string{"[Vorbemerkungen]": "Vorab.", "1.1": "", "1.2": "Gut.\n\nWeniger gut.", "2.1": "Nicht an GF gerichtet.", "[Abschließende Bemerkungen]": "Ende."}
	got := map[string]string{}
	for i, ref := range e.refs() {
		got[ref] = e.entries[i].Text
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields %q, want %q", got, want)
	}
	if !strings.Contains(texts(e), "2.1 Wie wird die Zielerreichung gemessen? (nicht an diese Rolle gerichtet)") {
		t.Error("the answer outside the role is not marked")
	}
	before, _ := protocol(t, svc, iv.GUID)
	h.ui(func() {
		e.save.gen++ // saving unchanged fields writes the same text
		e.Save()
	})
	h.eventually(t, "save", func() bool { return !e.Dirty() })
	if after, _ := protocol(t, svc, iv.GUID); after != before {
		t.Errorf("round trip changed the protocol:\n%q\n%q", before, after)
	}
}

func TestEditor_readOnly(t *testing.T) {
	svc, _ := editorProject(t)
	iv := interview(t, svc, "A.1.1", "GF", qda.StatusFinal)
	h := editor(t, svc, iv.GUID)
	e := h.e
	if !e.ReadOnly() || e.entries != nil {
		t.Fatal("a final protocol is editable")
	}
	for _, o := range objects(e) {
		if _, ok := o.(*widget.Entry); ok {
			t.Fatal("a final protocol shows an entry")
		}
	}
	if !e.banner.Visible() || !strings.Contains(e.banner.Text, "„Wieder öffnen“") {
		t.Errorf("banner %q (visible %v)", e.banner.Text, e.banner.Visible())
	}
	closed := false
	h.ui(func() {
		e.changed()
		e.Close(func() { closed = true })
	})
	if !closed || e.Dirty() {
		t.Error("closing a read-only editor should not save")
	}
	if _, err := svc.ProtocolOf(iv.GUID); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("a protocol was written: %v", err)
	}
}

func TestEditor_lostCodings(t *testing.T) {
	tests := []struct {
		button    string
		keepsCode bool
	}{
		{"Weiter bearbeiten", true},
		{"Codierungen entfernen", false},
	}
	for _, tt := range tests {
		t.Run(tt.button, func(t *testing.T) {
			svc, _ := editorProject(t)
			iv := interview(t, svc, "A.1.1", "GF", "")
			h := editor(t, svc, iv.GUID)
			e, w := h.e, h.w
			h.ui(func() { test.Type(e.entryFor(t, "1.1"), "Ein überraschender Satz.") })
			h.eventually(t, "autosave", func() bool { _, err := svc.ProtocolOf(iv.GUID); return err == nil && !e.Dirty() })
			text, cs := protocol(t, svc, iv.GUID)
			c := cs[0]
			code, err := svc.ResolveCode("Überraschungen")
			if err != nil {
				t.Fatal(err)
			}
			manual, err := svc.AddCoding(coding.NewCoding{Document: c.Document, Start: c.Start, End: c.End, Code: code.GUID})
			if err != nil {
				t.Fatal(err)
			}
			closed := false
			h.ui(func() {
				e.entryFor(t, "1.1").SetText("")
				e.Close(func() { closed = true })
			})
			h.eventually(t, "dialog", func() bool { return w.Canvas().Overlays().Top() != nil })
			h.ui(func() {
				dlg := w.Canvas().Overlays().Top()
				if s := texts(dlg); !strings.Contains(s, "• Überraschungen – codiert von anna") {
					t.Errorf("dialog lists:\n%s", s)
				}
				test.Tap(button(t, dlg, tt.button))
			})
			if tt.keepsCode {
				h.ui(func() {
					if closed {
						t.Error("the editor closed although the user keeps editing")
					}
				})
				if after, _ := protocol(t, svc, iv.GUID); after != text {
					t.Errorf("protocol changed to %q", after)
				}
			} else {
				h.eventually(t, "confirmed save", func() bool { return closed })
			}
			_, after := protocol(t, svc, iv.GUID)
			found := false
			for _, c := range after {
				found = found || c.GUID == manual.GUID
			}
			if found != tt.keepsCode {
				t.Errorf("manual coding kept: %v, want %v; %+v", found, tt.keepsCode, after)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	g := uitest.Sample().Guidelines[uitest.ID("g:A.1.1")]
	gf, _ := g.ForRole("GF")
	tests := []struct {
		name   string
		blocks []qda.ProtocolBlock
		want   []string // ref=body
	}{
		{"empty", nil, []string{"[Vorbemerkungen]=", "1.1=", "1.2=", "[Abschließende Bemerkungen]="}},
		{"only notes", []qda.ProtocolBlock{{Body: "Vorbemerkungen\n\nA\n\nAbschließende Bemerkungen\n\nB"}},
			[]string{"[Vorbemerkungen]=A", "1.1=", "1.2=", "[Abschließende Bemerkungen]=B"}},
		{"untitled text before and after", []qda.ProtocolBlock{{Body: "Kopf"}, {QuestionID: "1.2", Body: "x"}, {Body: "Fuß"}},
			[]string{"[Vorbemerkungen]=Kopf", "1.1=", "1.2=x", "[Abschließende Bemerkungen]=Fuß"}},
		{"free text between answers", []qda.ProtocolBlock{{QuestionID: "1.1", Body: "a"}, {Body: "Zwischen"}, {QuestionID: "1.2", Body: "b"}},
			[]string{"[Vorbemerkungen]=", "1.1=a", "[]=Zwischen", "1.2=b", "[Abschließende Bemerkungen]="}},
		{"other role", []qda.ProtocolBlock{{QuestionID: "2.1", Body: "c"}, {Body: "Abschließende Bemerkungen\n\nEnde"}},
			[]string{"[Vorbemerkungen]=", "2.1=c", "1.1=", "1.2=", "[Abschließende Bemerkungen]=Ende"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, it := range merge(templateItems(gf), &g, tt.blocks) {
				ref := it.block.QuestionID
				if it.free() {
					ref = "[" + it.block.Title + "]"
				}
				got = append(got, ref+"="+it.block.Body)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEditor_FocusLost(t *testing.T) {
	svc, _ := editorProject(t)
	iv := interview(t, svc, "A.1.1", "PL", "")
	h := editor(t, svc, iv.GUID)
	e := h.e
	h.ui(func() {
		e.Delay = time.Hour // only the focus change saves
		en := e.entryFor(t, "1.1")
		test.Type(en, "Beim Fokuswechsel gespeichert.")
		h.w.Canvas().Focus(en)
		h.w.Canvas().Focus(e.entryFor(t, "Abschließende Bemerkungen"))
	})
	h.eventually(t, "save on focus change", func() bool { return !e.Dirty() })
	if text, _ := protocol(t, svc, iv.GUID); !strings.Contains(text, "1.1 Welche Ziele verfolgt Ihr Jobcenter?\n\nBeim Fokuswechsel gespeichert.") {
		t.Errorf("protocol %q", text)
	}
}
