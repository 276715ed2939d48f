package shell

import (
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/queryview"
)

// queryTab makes the coding query's tab (in Analysis) and its update.
func (p *openProject) queryTab(s *Shell) (*container.TabItem, func()) {
	q := queryview.New(p.svc, p.onError)
	q.SetAsync(s.async)
	q.OnOpen = func(doc qda.GUID, start, end int) { p.openDocumentAt(s, doc, start, end) }
	p.query = q
	return container.NewTabItem(lang.X("tab.query", "Query"), q), q.Update
}
