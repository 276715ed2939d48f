package qda

import "testing"

func TestComposeProtocol(t *testing.T) {
	g := matrix()
	g.Sections[0].Questions[3].ID = "1.1" // a second question printed as 1.1
	text, answers, err := ComposeProtocol(g, []ProtocolBlock{
		{Title: "Vorbemerkungen", Body: "Gespräch im Büro, 60 Minuten.\n"},
		{QuestionID: "1.1", Body: "Die Größe der Teams 🙂 zählt.\n\nZweiter Absatz."},
		{QuestionID: "1.2", Body: "   "},
		{QuestionID: "1.1", Body: "Antwort auf die zweite 1.1."},
		{Title: "Abschließende Bemerkungen", Body: "Ende."},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "Vorbemerkungen\n\nGespräch im Büro, 60 Minuten.\n\n1.1 An alle\n\nDie Größe der Teams 🙂 zählt.\n\nZweiter Absatz.\n\n1.1 Ganz ohne Punkte\n\nAntwort auf die zweite 1.1.\n\nAbschließende Bemerkungen\n\nEnde.\n"
	if text != want {
		t.Fatalf("text\n%q\nwant\n%q", text, want)
	}
	if len(answers) != 2 {
		t.Fatalf("answers %+v", answers)
	}
	for i, w := range []string{"Die Größe der Teams 🙂 zählt.\n\nZweiter Absatz.", "Antwort auf die zweite 1.1."} {
		if got := Slice(text, answers[i].Start, answers[i].End); got != w {
			t.Errorf("answer %d covers %q, want %q", i, got, w)
		}
	}
	if answers[0].Question == answers[1].Question {
		t.Error("both 1.1 answers went to the same question")
	}
	if _, _, err := ComposeProtocol(g, []ProtocolBlock{{QuestionID: "9.9", Body: "x"}}); ErrorCode(err) != EInvalid {
		t.Errorf("unknown question: %v", err)
	}
}
