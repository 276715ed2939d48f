package store

import (
	"testing"

	"github.com/protocoder/protocoder/internal/qda"
)

func TestTx_SummariesAndReportSources(t *testing.T) {
	db, _ := mustOpen(t, Options{NoBackup: true})
	sm := qda.Summary{Target: guid(10), Code: guid(11), Text: "Die RD hat angefragt.", Quotes: []qda.GUID{guid(12)}, Modified: t0}
	rs := qda.ReportSource{Case: guid(10), Level: qda.LevelStrategic, Document: guid(13), Generated: "# Fallbericht\n", Time: t0}
	cmd := mustUpdate(t, db, "summary.set", func(tx *Tx) error {
		if err := tx.PutSummary(&sm); err != nil {
			return err
		}
		return tx.PutReportSource(&rs)
	})
	if len(cmd.Changes) != 2 || cmd.Changes[0].Entity != "summary" || cmd.Changes[0].Key != qda.SummaryKey(guid(10), guid(11)) {
		t.Errorf("changes %+v", cmd.Changes)
	}
	err := db.View(func(tx *Tx) error {
		got, err := tx.Summary(guid(10), guid(11))
		if err != nil || got.Text != sm.Text || len(got.Quotes) != 1 {
			t.Errorf("summary %+v %v", got, err)
		}
		if _, err := tx.Summary(guid(11), guid(10)); qda.ErrorCode(err) != qda.ENotFound {
			t.Errorf("missing summary: %v", err)
		}
		all, err := tx.ReportSources()
		if err != nil || len(all) != 1 || all[0].Document != guid(13) {
			t.Errorf("report sources %+v %v", all, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Invalid records are refused; deletion is recorded for undo.
	bad := db.Update(&qda.Command{GUID: guid(901), Time: t0, Kind: "x"}, func(tx *Tx) error {
		return tx.PutSummary(&qda.Summary{Target: guid(10), Code: guid(11)})
	})
	if qda.ErrorCode(bad) != qda.EInvalid {
		t.Errorf("empty summary: %v", bad)
	}
	cmd = mustUpdate(t, db, "summary.delete", func(tx *Tx) error {
		if err := tx.DeleteSummary(guid(10), guid(11)); err != nil {
			return err
		}
		return tx.DeleteReportSource(guid(10), qda.LevelStrategic)
	})
	if len(cmd.Changes) != 2 || cmd.Changes[0].After != nil || cmd.Changes[0].Before == nil {
		t.Errorf("delete changes %+v", cmd.Changes)
	}
	mustUpdate(t, db, "undo", func(tx *Tx) error { return tx.ApplyImages(cmd.Changes, true) })
	_ = db.View(func(tx *Tx) error {
		if _, err := tx.Summary(guid(10), guid(11)); err != nil {
			t.Errorf("after undo: %v", err)
		}
		return nil
	})
}
