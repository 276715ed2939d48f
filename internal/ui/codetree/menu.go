package codetree

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
)

// menu returns the context menu of code id.
func (c *CodeTree) menu(id qda.GUID) *fyne.Menu {
	item := func(label string, icon fyne.Resource, f func(qda.GUID)) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, func() { f(id) })
		it.Icon = icon
		return it
	}
	return fyne.NewMenu("",
		item(lang.X("codetree.menu.sub", "New sub-code…"), theme.ContentAddIcon(), c.newCode),
		item(lang.X("codetree.menu.rename", "Rename…"), theme.DocumentCreateIcon(), c.rename),
		item(lang.X("codetree.menu.color", "Colour…"), theme.ColorPaletteIcon(), c.recolor),
		item(lang.X("codetree.menu.memo", "Description and memo…"), theme.InfoIcon(), c.editMemo),
		fyne.NewMenuItemSeparator(),
		item(lang.X("codetree.menu.move", "Move to…"), theme.MoveUpIcon(), c.moveTo),
		item(lang.X("codetree.menu.merge", "Merge into…"), theme.ContentPasteIcon(), c.mergeInto),
		fyne.NewMenuItemSeparator(),
		item(lang.X("codetree.menu.delete", "Delete…"), theme.DeleteIcon(), c.remove),
	)
}

// showMenu opens code id's context menu at an absolute position.
func (c *CodeTree) showMenu(id qda.GUID, at fyne.Position) {
	widget.ShowPopUpMenuAtPosition(c.menu(id), c.win.Canvas(), at)
}

// edit runs a change off the UI goroutine, reloads the tree and reports
// done's message, or the error.
func (c *CodeTree) edit(change func() (string, error)) {
	c.async(func() {
		msg, err := change()
		if err != nil {
			fyne.Do(func() { c.onError(err) })
			return
		}
		c.Update()
		fyne.Do(func() {
			if c.OnChanged != nil {
				c.OnChanged(msg)
			}
		})
	})
}

// name returns a code's name as loaded.
func (c *CodeTree) name(id qda.GUID) string { return c.codes[id].Name }

// newCode asks for a name and adds a code below parent ("" for the top
// level).
func (c *CodeTree) newCode(parent qda.GUID) {
	title := lang.X("codetree.new.title", "New code")
	if parent != "" {
		title = lang.X("codetree.sub.title", "New sub-code of “{{.Name}}”", map[string]any{"Name": c.name(parent)})
	}
	c.askName(title, "", func(name string) {
		c.edit(func() (string, error) {
			code, err := c.src.AddCode(coding.NewCode{Name: name, Parent: parent})
			if err != nil {
				return "", err
			}
			return lang.X("codetree.done.add", "Code “{{.Name}}” added", map[string]any{"Name": code.Name}), nil
		})
	})
}

// rename asks for a new name.
func (c *CodeTree) rename(id qda.GUID) {
	c.askName(lang.X("codetree.rename.title", "Rename code"), c.name(id), func(name string) {
		if name == c.name(id) {
			return
		}
		c.edit(func() (string, error) {
			code, err := c.src.UpdateCode(id, coding.CodeUpdate{Name: &name})
			if err != nil {
				return "", err
			}
			return lang.X("codetree.done.rename", "Code renamed to “{{.Name}}”", map[string]any{"Name": code.Name}), nil
		})
	})
}

// recolor shows the palette and sets the chosen colour.
func (c *CodeTree) recolor(id qda.GUID) {
	c.pickColor(c.codes[id].Color, func(col string) {
		c.edit(func() (string, error) {
			code, err := c.src.UpdateCode(id, coding.CodeUpdate{Color: &col})
			if err != nil {
				return "", err
			}
			return lang.X("codetree.done.color", "New colour for “{{.Name}}”", map[string]any{"Name": code.Name}), nil
		})
	})
}

// editMemo edits a code's description and memo.
func (c *CodeTree) editMemo(id qda.GUID) {
	code := c.codes[id]
	c.askMemo(code, func(desc, memo string) {
		c.edit(func() (string, error) {
			code, err := c.src.UpdateCode(id, coding.CodeUpdate{Description: &desc, Memo: &memo})
			if err != nil {
				return "", err
			}
			return lang.X("codetree.done.memo", "Description and memo of “{{.Name}}” saved", map[string]any{"Name": code.Name}), nil
		})
	})
}

// moveTo asks for a new parent (or the top level) and moves the code.
func (c *CodeTree) moveTo(id qda.GUID) {
	title := lang.X("codetree.move.title", "Move “{{.Name}}” to…", map[string]any{"Name": c.name(id)})
	PickCode(c.win, title, c.sortedCodes(), PickOptions{
		Exclude:  func(o qda.GUID) bool { return c.below(o, id) || o == c.codes[id].Parent },
		TopLevel: c.codes[id].Parent != "",
	}, func(parent qda.GUID) { c.move(id, parent) })
}

// move makes parent the parent of code id ("" for the top level).
func (c *CodeTree) move(id, parent qda.GUID) {
	name := c.name(id)
	target := lang.X("codetree.top", "top level")
	if parent != "" {
		target = c.name(parent)
	}
	c.edit(func() (string, error) {
		if err := c.src.MoveCode(id, parent); err != nil {
			return "", err
		}
		return lang.X("codetree.done.move", "“{{.Name}}” moved to “{{.Target}}”", map[string]any{"Name": name, "Target": target}), nil
	})
}

// mergeInto asks for a target code, confirms and merges the code into it.
func (c *CodeTree) mergeInto(id qda.GUID) {
	title := lang.X("codetree.merge.title", "Merge “{{.Name}}” into…", map[string]any{"Name": c.name(id)})
	PickCode(c.win, title, c.sortedCodes(), PickOptions{Exclude: func(o qda.GUID) bool { return c.below(o, id) }},
		func(dst qda.GUID) {
			msg := lang.X("codetree.merge.confirm",
				"Merge “{{.Src}}” into “{{.Dst}}”? Its {{.N}} codings and its sub-codes move to “{{.Dst}}”, and “{{.Src}}” is deleted.",
				map[string]any{"Src": c.name(id), "Dst": c.name(dst), "N": c.counts[id]})
			c.confirm(lang.X("codetree.merge.button", "Merge"), msg, func() { c.merge(id, dst) })
		})
}

// merge merges code src into dst.
func (c *CodeTree) merge(src, dst qda.GUID) {
	args := map[string]any{"Src": c.name(src), "Dst": c.name(dst)}
	c.edit(func() (string, error) {
		r, err := c.src.MergeCode(src, dst)
		if err != nil {
			return "", err
		}
		args["Moved"], args["Dups"] = r.Moved, r.Duplicates
		return lang.X("codetree.done.merge", "“{{.Src}}” merged into “{{.Dst}}”: {{.Moved}} codings moved, {{.Dups}} duplicates dropped", args), nil
	})
}

// remove deletes a code; one with codings or sub-codes only after the
// user confirmed, with the numbers.
func (c *CodeTree) remove(id qda.GUID) {
	n, kids := c.counts[id], len(c.children[string(id)])
	if n == 0 && kids == 0 {
		c.delete(id, false)
		return
	}
	msg := lang.X("codetree.delete.confirm",
		"“{{.Name}}” has {{.N}} codings and {{.Kids}} sub-codes. Delete the code with its codings? Its sub-codes move up one level.",
		map[string]any{"Name": c.name(id), "N": n, "Kids": kids})
	c.confirm(lang.X("codetree.delete.button", "Delete"), msg, func() { c.delete(id, true) })
}

func (c *CodeTree) delete(id qda.GUID, force bool) {
	name := c.name(id)
	c.edit(func() (string, error) {
		n, err := c.src.DeleteCode(id, force)
		if err != nil {
			return "", err
		}
		return lang.XN("codetree.done.delete", "Code “{{.Name}}” deleted with {{.N}} codings", n, map[string]any{"Name": name, "N": n}), nil
	})
}

// confirm asks a yes/no question with a red confirm button.
func (c *CodeTree) confirm(button, msg string, yes func()) {
	label := widget.NewLabel(msg)
	label.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(lang.X("codetree.confirm.title", "Please confirm"), button,
		lang.X("codetree.cancel", "Cancel"), label, func(ok bool) {
			if ok {
				yes()
			}
		}, c.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Resize(fyne.NewSize(440, 0))
	d.Show()
}
