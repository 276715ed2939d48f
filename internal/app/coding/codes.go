package coding

import (
	"fmt"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// NewCode describes an inductive code to add.
type NewCode struct {
	Name        string
	Parent      qda.GUID // empty: top level
	Color       string   // empty: the next palette colour
	Description string
}

// AddCode adds an inductive code beside the guideline codes.
func (s *Service) AddCode(n NewCode) (*qda.Code, error) {
	id, err := s.NewGUID()
	if err != nil {
		return nil, err
	}
	var c *qda.Code
	err = s.Write("code.add", "add code "+n.Name, func(tx app.Tx) error {
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		if n.Parent != "" {
			if _, err := tx.Code(n.Parent); err != nil {
				return err
			}
		}
		order := 0
		for _, o := range codes {
			if o.Parent == n.Parent {
				if strings.EqualFold(o.Name, n.Name) {
					return qda.Errorf(qda.EConflict, "a code named %q exists already at that place", n.Name).WithKey("code.exists", map[string]any{"Name": n.Name})
				}
				order = max(order, o.Order+1)
			}
		}
		color := strings.ToLower(n.Color)
		if color == "" {
			color = qda.Palette[len(codes)%len(qda.Palette)]
		}
		c = &qda.Code{GUID: id, Name: strings.TrimSpace(n.Name), Parent: n.Parent, Order: order, Color: color, Description: n.Description}
		return tx.PutCode(c)
	})
	return c, err
}

// CodeUpdate holds the fields to change; nil fields stay as they are.
type CodeUpdate struct {
	Name        *string
	Color       *string
	Description *string
	Memo        *string
}

// UpdateCode renames a code or changes its colour, description or memo.
func (s *Service) UpdateCode(id qda.GUID, u CodeUpdate) (*qda.Code, error) {
	var c *qda.Code
	err := s.Write("code.update", "update code "+string(id), func(tx app.Tx) (err error) {
		if c, err = tx.Code(id); err != nil {
			return err
		}
		if u.Name != nil {
			name := strings.TrimSpace(*u.Name)
			codes, err := tx.Codes()
			if err != nil {
				return err
			}
			for _, o := range codes {
				if o.GUID != id && o.Parent == c.Parent && strings.EqualFold(o.Name, name) {
					return qda.Errorf(qda.EConflict, "a sibling code is already named %q", name)
				}
			}
			c.Name = name
		}
		if u.Color != nil {
			c.Color = strings.ToLower(*u.Color)
		}
		if u.Description != nil {
			c.Description = *u.Description
		}
		if u.Memo != nil {
			c.Memo = *u.Memo
		}
		return tx.PutCode(c)
	})
	return c, err
}

// MoveCode gives a code a new parent (empty: top level), as the last child.
func (s *Service) MoveCode(id, parent qda.GUID) error {
	return s.Write("code.move", "move code "+string(id), func(tx app.Tx) error {
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		byID := map[qda.GUID]*qda.Code{}
		for i := range codes {
			byID[codes[i].GUID] = &codes[i]
		}
		c := byID[id]
		if c == nil {
			return qda.Errorf(qda.ENotFound, "code %s does not exist", id)
		}
		if parent != "" && byID[parent] == nil {
			return qda.Errorf(qda.ENotFound, "code %s does not exist", parent)
		}
		if qda.WouldCycle(id, parent, func(g qda.GUID) qda.GUID {
			if p := byID[g]; p != nil {
				return p.Parent
			}
			return ""
		}) {
			return qda.Errorf(qda.EInvalid, "a code cannot move below itself")
		}
		order := 0
		for _, o := range codes {
			if o.Parent == parent && o.GUID != id {
				if strings.EqualFold(o.Name, c.Name) {
					return qda.Errorf(qda.EConflict, "a code named %q exists already there", c.Name).WithKey("code.exists", map[string]any{"Name": c.Name})
				}
				order = max(order, o.Order+1)
			}
		}
		c.Parent, c.Order = parent, order
		return tx.PutCode(c)
	})
}

// MergeResult reports a merge of two codes.
type MergeResult struct {
	Moved      int `json:"moved"`      // codings that now carry the target code
	Duplicates int `json:"duplicates"` // codings dropped because the target had the same one
	Children   int `json:"children"`   // sub-codes moved under the target
}

// MergeCode merges code src into dst: src's codings and sub-codes move to
// dst, src's memo is appended to dst's, and src is deleted — one command. A
// coding identical to one dst already has (same document, range and coder)
// is dropped instead of doubled.
func (s *Service) MergeCode(src, dst qda.GUID) (*MergeResult, error) {
	if src == dst {
		return nil, qda.Errorf(qda.EInvalid, "a code cannot be merged into itself")
	}
	r := &MergeResult{}
	err := s.Write("code.merge", fmt.Sprintf("merge code %s into %s", src, dst), func(tx app.Tx) error {
		from, err := tx.Code(src)
		if err != nil {
			return err
		}
		to, err := tx.Code(dst)
		if err != nil {
			return err
		}
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		parentOf := map[qda.GUID]qda.GUID{}
		for _, c := range codes {
			parentOf[c.GUID] = c.Parent
		}
		if qda.WouldCycle(src, dst, func(g qda.GUID) qda.GUID { return parentOf[g] }) {
			return qda.Errorf(qda.EInvalid, "a code cannot be merged into one of its own sub-codes")
		}
		have := map[string]bool{}
		target, err := tx.CodingsOfCode(dst)
		if err != nil {
			return err
		}
		key := func(c *qda.Coding) string { return fmt.Sprintf("%s/%d/%d/%s", c.Document, c.Start, c.End, c.Coder) }
		for i := range target {
			have[key(&target[i])] = true
		}
		moving, err := tx.CodingsOfCode(src)
		if err != nil {
			return err
		}
		for i := range moving {
			c := &moving[i]
			if have[key(c)] {
				if err := tx.DeleteCoding(c.GUID); err != nil {
					return err
				}
				r.Duplicates++
				continue
			}
			c.Code = dst
			have[key(c)] = true
			if err := tx.PutCoding(c); err != nil {
				return err
			}
			r.Moved++
		}
		for _, c := range codes {
			if c.Parent == src {
				c.Parent = dst
				if err := tx.PutCode(&c); err != nil {
					return err
				}
				r.Children++
			}
		}
		if strings.TrimSpace(from.Memo) != "" {
			to.Memo = strings.TrimSpace(to.Memo + "\n\n" + from.Name + ": " + from.Memo)
			if err := tx.PutCode(to); err != nil {
				return err
			}
		}
		return tx.DeleteCode(src)
	})
	return r, err
}

// DeleteCode deletes a code. A code with codings or sub-codes is refused
// unless force is set; then its codings are deleted and its sub-codes move
// up to its parent — one command, undoable.
func (s *Service) DeleteCode(id qda.GUID, force bool) (deleted int, err error) {
	err = s.Write("code.delete", "delete code "+string(id), func(tx app.Tx) error {
		c, err := tx.Code(id)
		if err != nil {
			return err
		}
		codings, err := tx.CodingsOfCode(id)
		if err != nil {
			return err
		}
		codes, err := tx.Codes()
		if err != nil {
			return err
		}
		var kids []qda.Code
		for _, o := range codes {
			if o.Parent == id {
				kids = append(kids, o)
			}
		}
		if !force && (len(codings) > 0 || len(kids) > 0) {
			return qda.Errorf(qda.EConflict, "code %q has %d coding(s) and %d sub-code(s); confirm to delete it with its codings", c.Name, len(codings), len(kids))
		}
		for _, cd := range codings {
			if err := tx.DeleteCoding(cd.GUID); err != nil {
				return err
			}
		}
		for _, k := range kids {
			k.Parent = c.Parent
			if err := tx.PutCode(&k); err != nil {
				return err
			}
		}
		deleted = len(codings)
		return tx.DeleteCode(id)
	})
	return deleted, err
}

// CodingCounts returns the number of codings per code.
func (s *Service) CodingCounts() (map[qda.GUID]int, error) {
	var n map[qda.GUID]int
	err := s.View(func(tx app.Tx) error {
		n = tx.CodingCountsByCode()
		return nil
	})
	return n, err
}
