package qda

import (
	"reflect"
	"testing"
)

func TestSplitSections_RoundTrip(t *testing.T) {
	text := "# Titel\n\nVorwort.\n\n## 1. Thema\n\nA\nB\n\n### 1.1 Frage\n\nText.\n"
	ss := SplitSections(text)
	if len(ss) != 3 || ss[0].Body != "Vorwort." || ss[1].Body != "A\nB" || ss[2].Heading != "### 1.1 Frage" {
		t.Fatalf("sections %+v", ss)
	}
	if got := JoinSections(ss); got != text {
		t.Errorf("join = %q", got)
	}
}

func TestMergeReport(t *testing.T) {
	base := "# R\n\n## 1\n\nalt eins\n\n## 2\n\nalt zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n"
	for _, tc := range []struct {
		name, ours, theirs, want string
		conflicts                []string
	}{
		{"no manual edits", base, "# R\n\n## 1\n\nneu eins\n", "# R\n\n## 1\n\nneu eins\n", nil},
		{"edit kept, generator change taken",
			"# R\n\n## 1\n\nvon Hand\n\n## 2\n\nalt zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nalt eins\n\n## 2\n\nneu zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nvon Hand\n\n## 2\n\nneu zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n", nil},
		{"both changed: manual kept, conflict",
			"# R\n\n## 1\n\nvon Hand\n\n## 2\n\nalt zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nneu eins\n\n## 2\n\nalt zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nvon Hand\n\n## 2\n\nalt zwei\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n", []string{"## 1"}},
		{"manual section stays in place, deleted section stays deleted",
			"# R\n\n## 1\n\nalt eins\n\n## Eigenes\n\nnotiz\n\n## 2\n\nalt zwei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nneu eins\n\n## 2\n\nalt zwei\n\n## 3\n\nneu drei\n\n## 4\n\nalt vier\n\n## 5\n\nfünf\n",
			"# R\n\n## 1\n\nneu eins\n\n## Eigenes\n\nnotiz\n\n## 2\n\nalt zwei\n\n## 4\n\nalt vier\n\n## 5\n\nfünf\n", []string{"## 3"}},
		{"edited section the generator dropped stays",
			"# R\n\n## 1\n\nalt eins\n\n## 2\n\nvon Hand\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nalt eins\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n",
			"# R\n\n## 1\n\nalt eins\n\n## 2\n\nvon Hand\n\n## 3\n\nalt drei\n\n## 4\n\nalt vier\n", []string{"## 2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, conflicts := MergeReport(base, tc.ours, tc.theirs)
			if got != tc.want {
				t.Errorf("merged:\n%s\nwant:\n%s", got, tc.want)
			}
			if !reflect.DeepEqual(conflicts, tc.conflicts) {
				t.Errorf("conflicts %q, want %q", conflicts, tc.conflicts)
			}
		})
	}
}
