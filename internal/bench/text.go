// Package bench builds synthetic study corpora and measures the app's
// figures on them (protocoder-cli gen-corpus and bench): ingest, search
// against QualCoder's method (load every text, scan it with a regular
// expression), retrieval, the code × case matrix and agreement.
package bench

import (
	"math/rand"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FunctionWords are frequent German function words, ranked first in the
// vocabulary.
var FunctionWords = strings.Fields(`der die das und in zu den mit von sich des ist im dem nicht ein eine als auch es an
	werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder
	aber vor zur bis mehr durch man sei habe werde könne gebe hätten seien würden vor allem insgesamt deutlich`)

// ContentWords are the study's content words (compounds, umlauts and ß
// included); Vocab places them at ranks where a word such as Vermittlung
// is in a few per cent of the passages, as in the sample protocols.
var ContentWords = strings.Fields(`Jobcenter Kunden Kundinnen Vermittlung Integrationsfachkraft Projektteam Basisteam
	Arbeitgeber Arbeitgeberservice Arbeitgeberansprache Arbeitgeberkontakte Vermittlungsvorschläge Vorschläge
	Zusammenarbeit Kooperation Leistung Leistungssachbearbeitung Beratung Fallmanagement Teilhabe Größe Straße Büro
	Kundenservice Leistungsteam Netzwerk Qualifizierung Weiterbildung Förderung Eingliederungsvereinbarung
	Langzeitarbeitslose Motivation Vertrauen Schwierigkeiten Erfahrungen Einschätzung Umsetzung Gespräch Gespräche
	Termin Termine Kennzahlen Zielerreichung Steuerung Geschäftsführung Projektleitung Teamleitung Betriebe Stellen
	Stellenakquise Zeitarbeit Betreuungsschlüssel Kontaktdichte Dokumentation Austausch Fallbesprechung
	Integrationen Maßnahmen`)

// Phrase occurs in some passages, for the phrase query.
const Phrase = "gemeinsamen Arbeitgeberservice"

// emoji occur now and then, as in protocols typed on phones.
var emoji = []string{"🙂", "👍", "😅", "📞", "✅"}

// Vocab returns the vocabulary by rank, 6000 words: function words, then
// content words interleaved with made-up words and compounds of two
// content words (some with a Fugen-s), for the long tail of real text.
func Vocab(r *rand.Rand) []string {
	syl := strings.Fields("ver an be ge gen ung heit keit lich isch ar bei ter stel lung ein glie de rung nah me zu sam men werk schaft plan zeit ort kreis amt bil dung über größ fähr")
	vocab := append([]string(nil), FunctionWords...)
	for i := 0; len(vocab) < 6000; i++ {
		switch {
		case i%40 == 20 && i/40 < len(ContentWords):
			vocab = append(vocab, ContentWords[i/40])
			continue
		case i%7 == 3:
			a, b := ContentWords[r.Intn(len(ContentWords))], ContentWords[r.Intn(len(ContentWords))]
			joint := ""
			if r.Intn(3) == 0 && !strings.HasSuffix(a, "s") {
				joint = "s"
			}
			vocab = append(vocab, a+joint+strings.ToLower(b))
			continue
		}
		var b strings.Builder
		for n := 2 + r.Intn(3); n > 0; n-- {
			b.WriteString(syl[r.Intn(len(syl))])
		}
		w := b.String()
		if r.Intn(3) == 0 {
			w = title(w)
		}
		vocab = append(vocab, w)
	}
	return vocab
}

// Writer writes German-like text from a vocabulary with a Zipf
// distribution of ranks.
type Writer struct {
	r     *rand.Rand
	vocab []string
	zipf  *rand.Zipf
}

// NewWriter returns a Writer drawing from r.
func NewWriter(r *rand.Rand) *Writer {
	v := Vocab(r)
	return &Writer{r: r, vocab: v, zipf: rand.NewZipf(r, 1.07, 2, uint64(len(v)-1))}
}

// Paragraph appends a paragraph of n words (sentences of 6–25 words) to b.
func (w *Writer) Paragraph(b *strings.Builder, n int) {
	sentence := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch {
		case w.r.Intn(2000) == 0:
			b.WriteString(Phrase)
		case w.r.Intn(3000) == 0:
			b.WriteString(emoji[w.r.Intn(len(emoji))])
		default:
			word := w.vocab[w.zipf.Uint64()]
			if sentence == 0 {
				word = title(word)
			}
			b.WriteString(word)
		}
		sentence++
		if sentence > 6 && (w.r.Intn(12) == 0 || sentence > 25) && i < n-1 {
			b.WriteString(".")
			sentence = 0
		}
	}
	b.WriteString(".")
}

// Text returns at least one paragraph and about size bytes of text in
// paragraphs of 40–140 words, separated by blank lines.
func (w *Writer) Text(size int) string {
	var b strings.Builder
	for b.Len() == 0 || b.Len() < size {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		w.Paragraph(&b, 40+w.r.Intn(100))
	}
	return b.String()
}

// title upper-cases the first letter of w.
func title(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + w[n:]
}
