package exchange

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/protocoder/protocoder/internal/app"

	"github.com/protocoder/protocoder/internal/qda"
)

// finalStates records what the final gate judges of every final interview
// before an import or merge: its record and its protocol's text.
func finalStates(tx app.Tx) (map[qda.GUID]string, error) {
	ivs, err := tx.Interviews()
	if err != nil {
		return nil, err
	}
	out := map[qda.GUID]string{}
	for i := range ivs {
		if ivs[i].Status != qda.StatusFinal {
			continue
		}
		if out[ivs[i].GUID], err = finalState(tx, &ivs[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// finalState hashes an interview's record with its protocol's text.
func finalState(tx app.Tx, iv *qda.Interview) (string, error) {
	h := sha256.New()
	b, err := json.Marshal(iv)
	if err != nil {
		return "", err
	}
	h.Write(b)
	d, err := app.FindProtocol(tx, iv.GUID)
	if err == nil {
		text, err := tx.Text(d.GUID)
		if err != nil {
			return "", err
		}
		h.Write([]byte{0})
		h.Write([]byte(text))
	} else if qda.ErrorCode(err) != qda.ENotFound {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// gate runs the core's checks on what the merge brought in: every
// interview that is final now and was not final with the same record and
// protocol text before must pass the final gate, and every interview record
// the merge wrote the consent rules. A failure refuses the whole import or
// merge (one command: nothing is written), naming every interview.
func (m *merger) gate() error {
	ivs, err := m.tx.Interviews()
	if err != nil {
		return err
	}
	var problems []string
	for i := range ivs {
		iv := &ivs[i]
		if m.wroteIV[iv.GUID] {
			if err := m.s.CheckInterview(m.tx, iv); err != nil {
				problems = append(problems, qda.ErrorMessage(err))
				continue
			}
		}
		if iv.Status != qda.StatusFinal {
			continue
		}
		st, err := finalState(m.tx, iv)
		if err != nil {
			return err
		}
		if st == m.finalBefore[iv.GUID] {
			continue // final before, and nothing the gate judges changed
		}
		if err := m.s.CheckFinal(m.tx, iv); err != nil {
			if qda.ErrorCode(err) != qda.EConflict {
				return err
			}
			problems = append(problems, qda.ErrorMessage(err))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return qda.Errorf(qda.EConflict, "%s refused: %d interview(s) would come in breaking the data-protection rules (make them final in the source only when they pass, or export them as checked):\n  %s",
		m.rep.Source, len(problems), strings.Join(problems, "\n  "))
}
