package pairs_test

import (
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/pairs"
	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/qda"
)

// alignment returns rows as "first|second" question ids.
func alignment(rows []pairs.Alignment) []string {
	var out []string
	for _, r := range rows {
		f, s := "", ""
		if r.First != nil {
			f = r.First.ID
		}
		if r.Second != nil {
			s = r.Second.ID
		}
		out = append(out, f+"|"+s)
	}
	return out
}

func TestAlignGuidelines(t *testing.T) {
	ifk := apptest.SampleGuideline(t, "A.3.1-ifk-ueber-kunden.guide.md")
	ku := apptest.SampleGuideline(t, "A.3.2-kunden.guide.md")
	renamed := *ifk
	renamed.Key = "X.1" // no known correspondence: the lexical rule alone
	tests := []struct {
		name          string
		first, second *qda.Guideline
		// want lists rows that must appear, in this order (others between).
		want []string
		rows int
	}{
		{"known table", ifk, ku, []string{"1.1|1.1", "|1.2", "1.3|1.3", "1.2|1.4", "2.3|3.2", "3.2|4.2", "3.1|4.3",
			"2.1|4.4", "2.2|4.6", "3.5|4.7", "3.3|4.8", "3.4|6.1", "|6.5"}, 32},
		{"lexical rule", &renamed, ku, []string{"1.1|1.1", "|1.2", "1.3|1.3", "1.2|1.4", "2.1|", "2.2|", "2.3|",
			"3.1|", "3.2|", "3.3|", "3.4|", "|2.1", "3.5|4.7", "|6.5"}, 39},
		{"same guideline", ku, ku, []string{"1.1|1.1", "4.11|4.11", "6.5|6.5"}, 32},
		{"no second", ifk, nil, []string{"1.1|", "3.5|"}, 11},
		{"no first", nil, ku, []string{"|1.1", "|6.5"}, 32},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := alignment(pairs.AlignGuidelines(tt.first, tt.second))
			if len(got) != tt.rows {
				t.Errorf("%d rows, want %d: %v", len(got), tt.rows, got)
			}
			i := 0
			for _, g := range got {
				if i < len(tt.want) && g == tt.want[i] {
					i++
				}
			}
			if i < len(tt.want) {
				t.Errorf("row %q missing or out of order in %v", tt.want[i], got)
			}
			// Every question appears exactly once on its side.
			seen := map[string]int{}
			for _, g := range got {
				f, s, _ := strings.Cut(g, "|")
				seen["f"+f]++
				seen["s"+s]++
			}
			for k, n := range seen {
				if n > 1 && k != "f" && k != "s" {
					t.Errorf("question %s in %d rows", k, n)
				}
			}
		})
	}
}

// cell returns the cell of the row whose question on side is id.
func cell(t *testing.T, v *pairs.PairView, side int, id string, col int) pairs.PairCell {
	t.Helper()
	for _, r := range v.Rows {
		if q := r.Questions[side]; q != nil && q.ID == id {
			return r.Cells[col]
		}
	}
	t.Fatalf("no row with question %s on side %d", id, side)
	return pairs.PairCell{}
}

func TestService_PairView(t *testing.T) {
	s := pairProject(t)
	for _, l := range [][2]string{{"IFK-04-02@1", "KU-04-01@1"}, {"IFK-04-02@1", "KU-04-01@2"}, {"IFK-04-02@2", "KU-04-01@1"}} {
		if _, err := s.LinkPair(l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	ku, _ := s.Interview("KU-04-01@1")
	doc, err := s.ProtocolOf(ku.GUID)
	if err != nil {
		t.Fatal(err)
	}
	_, text, _, _ := s.DocumentWithText(doc.GUID)
	rng := func(quote string) (int, int) {
		i := strings.Index(text, quote)
		if i < 0 {
			t.Fatalf("no %q in %q", quote, text)
		}
		start := qda.RuneLen(text[:i])
		return start, start + qda.RuneLen(quote)
	}
	trust, err := s.AddCode(coding.NewCode{Name: "Vertrauen"})
	if err != nil {
		t.Fatal(err)
	}
	q62, err := s.ResolveCode("A.3.2:6.2")
	if err != nil {
		t.Fatal(err)
	}
	code := func(quote string, c qda.GUID) {
		a, b := rng(quote)
		if _, err := s.AddCoding(coding.NewCoding{Document: doc.GUID, Start: a, End: b, Code: c}); err != nil {
			t.Fatal(err)
		}
	}
	code("keine aktuellen Nachweise", trust.GUID) // inductive, inside answer 4.6
	code("acht Bewerbungen", q62.GUID)            // question code 6.2 inside answer 4.8
	code("Interview im Jobcenter", trust.GUID)    // outside every answer

	v, err := s.PairView("P-04-1")
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range v.Columns {
		name := c.Role
		if c.Member != nil {
			name += ":" + c.Member.Interviewee
		}
		cols = append(cols, name+"@"+string(rune('0'+c.Wave)))
	}
	if want := []string{"IFK:IFK-04-02@1", "KU:KU-04-01@1", "IFK:IFK-04-02@2", "KU:KU-04-01@2"}; !equal(cols, want) {
		t.Errorf("columns %v, want %v", cols, want)
	}
	if v.Columns[0].RoleLabel != "Integrationsfachkraft" {
		t.Errorf("role label %q", v.Columns[0].RoleLabel)
	}
	// IFK 1.2 and customer 1.4 share a row: both views of the family.
	if c := cell(t, v, 0, "1.2", 0); c.Answer != "Verheiratet, zwei Kinder." {
		t.Errorf("IFK w1 on 1.2: %+v", c)
	}
	if c := cell(t, v, 0, "1.2", 1); c.Answer != "Er ist verheiratet und hat zwei Kinder." {
		t.Errorf("customer w1 on 1.4: %+v", c)
	}
	if c := cell(t, v, 0, "1.2", 2); c.Answer != "Verheiratet, zwei Kinder." {
		t.Errorf("IFK w2 on 1.2: %+v", c)
	}
	if c := cell(t, v, 0, "3.3", 2); c.Answer != "" {
		t.Errorf("IFK w2 was not asked 3.3: %+v", c)
	}
	// The inductive coding sits with the answer it lies in.
	if c := cell(t, v, 0, "2.2", 1); len(c.Segments) != 1 || c.Segments[0].Code != "Vertrauen" || c.Segments[0].Coder != "anna" ||
		c.Segments[0].Text != "keine aktuellen Nachweise" {
		t.Errorf("segments of 2.2/4.6: %+v", c.Segments)
	}
	// A question code puts its segment in that question's row.
	if c := cell(t, v, 1, "6.2", 1); len(c.Segments) != 1 || c.Segments[0].Text != "acht Bewerbungen" {
		t.Errorf("segments of 6.2: %+v", c)
	}
	if c := cell(t, v, 1, "4.8", 1); len(c.Segments) != 0 || c.Answer == "" {
		t.Errorf("answer 4.8 keeps its text only: %+v", c)
	}
	last := v.Rows[len(v.Rows)-1]
	if last.Theme != "" || last.Questions[0] != nil || len(last.Cells[1].Segments) != 1 {
		t.Errorf("closing row %+v", last)
	}
	empty := 0
	for _, r := range v.Rows {
		if r.Empty() {
			empty++
		}
	}
	if empty == 0 || empty == len(v.Rows) {
		t.Errorf("%d of %d rows empty", empty, len(v.Rows))
	}
	if _, err := s.PairView("KU-04-07"); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("view of an unpaired interview: %v", err)
	}
}
