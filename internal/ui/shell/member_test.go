package shell

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/ui/navigation"
	"github.com/protocoder/protocoder/internal/ui/uitest"
)

// newMemberFixture is a shell whose acting member is not preset (no
// $PROTOCODER_USER), on the sample store with a second member, ben.
func newMemberFixture(t *testing.T) (*fixture, *uitest.MemStore) {
	t.Helper()
	a := test.NewTempApp(t)
	uitest.Language(t, "de_DE.UTF-8")
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1400, 900))
	f := &fixture{w: w, app: a, opener: uitest.NewOpener(""), sample: filepath.Join(t.TempDir(), "ejo")}
	m := uitest.Sample()
	ben := uitest.ID("user:ben")
	m.Users[ben] = qda.User{GUID: ben, Name: "ben", Roles: []qda.MemberRole{qda.MemberCoder}}
	if err := f.opener.Add(f.sample, m); err != nil {
		t.Fatal(err)
	}
	f.s = New(Config{App: a, Window: w, Opener: f.opener})
	f.s.async = func(fn func()) { fn() }
	return f, m
}

// memberDialogShown returns the "who is working?" dialog if it is the top
// overlay.
func memberDialogShown(f *fixture) *memberDialog {
	p := f.s.project
	if p == nil || p.memberDialog == nil || f.w.Canvas().Overlays().Top() == nil {
		return nil
	}
	if !strings.Contains(strings.Join(labels(f.w.Canvas().Overlays().Top()), " "), "Wer arbeitet?") {
		return nil
	}
	return p.memberDialog
}

// codeSelection codes "Über die" in GF-07 with "Erwartungen" through the
// workbench and the code tree, as a user would: choose the code, select
// the words, press Enter.
func codeSelection(t *testing.T, p *openProject) {
	t.Helper()
	p.nav.OnSelected(navigation.Item{Kind: navigation.KindDocument, ID: uitest.ID("doc:Protokoll GF-07")})
	p.codes.Select(uitest.ID("code:Erwartungen"))
	p.bench.View().Select(45, 53)
	p.bench.View().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
}

func TestShell_ensureMember(t *testing.T) {
	f, m := newMemberFixture(t)
	f.s.Start(f.sample)
	p := f.s.project
	d := memberDialogShown(f)
	if d == nil {
		t.Fatal("no \"who is working?\" dialog on the first open")
	}
	if got := p.status.User(); got != "kein Mitglied gewählt" {
		t.Errorf("status bar before choosing: %q", got)
	}
	// Before anyone is chosen, coding fails with the members named.
	before := len(m.Codings)
	if _, err := p.svc.AddCode(coding.NewCode{Name: "Vorab"}); qda.ErrorCode(err) != qda.ENoMember {
		t.Errorf("write before choosing: %v, want %s", err, qda.ENoMember)
	}
	if d.ok.Disabled() == false {
		t.Error("OK is enabled without a choice")
	}
	if !d.name.Disabled() {
		t.Error("the new-member fields are enabled while choosing a member")
	}
	d.choice.SetSelected(memberLabel(m.Users[uitest.ID("user:anna")]))
	if d.ok.Disabled() {
		t.Fatal("OK is disabled after choosing anna")
	}
	test.Tap(d.ok)
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("a dialog still shows: %q", labels(top))
	}
	if got := p.status.User(); got != "anna" {
		t.Errorf("status bar after choosing: %q", got)
	}
	if got := f.app.Preferences().String(MemberKey + f.sample); got != "anna" {
		t.Errorf("remembered member %q, want anna", got)
	}
	codeSelection(t, p)
	if top := f.w.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("coding shows a dialog: %q", labels(top))
	}
	if len(m.Codings) != before+1 {
		t.Fatalf("%d codings after coding, want %d", len(m.Codings), before+1)
	}
	for _, c := range m.Codings {
		if c.Code == uitest.ID("code:Erwartungen") && c.Coder != uitest.ID("user:anna") {
			t.Errorf("coding by %s, want anna", c.Coder)
		}
	}

	// The next open uses the remembered member silently.
	f.s.CloseProject()
	f.s.Start(f.sample)
	if d := memberDialogShown(f); d != nil {
		t.Fatal("the dialog shows although the member is remembered")
	}
	if got := f.s.project.status.User(); got != "anna" {
		t.Errorf("status bar with the remembered member: %q", got)
	}
	if u, err := f.s.project.svc.ActingMember(); err != nil || u.Name != "anna" {
		t.Errorf("acting member after reopening: %+v, %v", u, err)
	}
}

func TestShell_switchMember(t *testing.T) {
	f, m := newMemberFixture(t)
	f.app.Preferences().SetString(MemberKey+f.sample, "anna")
	f.s.Start(f.sample)
	p := f.s.project
	f.s.switchMember()
	d := memberDialogShown(f)
	if d == nil {
		t.Fatal("Switch member shows no dialog")
	}
	if d.choice.Selected != memberLabel(m.Users[uitest.ID("user:anna")]) {
		t.Errorf("the dialog preselects %q, want anna", d.choice.Selected)
	}
	d.choice.SetSelected(memberLabel(m.Users[uitest.ID("user:ben")]))
	test.Tap(d.ok)
	if got := p.status.User(); got != "ben" {
		t.Errorf("status bar after switching: %q", got)
	}
	if got := f.app.Preferences().String(MemberKey + f.sample); got != "ben" {
		t.Errorf("remembered member %q, want ben", got)
	}
	if u, err := p.svc.ActingMember(); err != nil || u.Name != "ben" {
		t.Errorf("acting member after switching: %+v, %v", u, err)
	}
	// The menu offers the switch while a project is open.
	found := false
	for _, it := range f.w.MainMenu().Items[0].Items {
		found = found || it.Label == "Mitglied wechseln…" && !it.Disabled
	}
	if !found {
		t.Error("the File menu has no enabled \"Mitglied wechseln…\"")
	}
}

// A new project has no members: the dialog asks the person to add
// themselves, who then acts.
func TestShell_firstMemberOfNewProject(t *testing.T) {
	f, _ := newMemberFixture(t)
	dir := filepath.Join(t.TempDir(), "neu")
	f.s.CreateProject(dir, "Neu")
	d := memberDialogShown(f)
	if d == nil {
		t.Fatal("no dialog on the first open of a new project")
	}
	if d.choice.Visible() || !d.adding() || !d.ok.Disabled() {
		t.Errorf("first-member dialog: choice visible %v, adding %v, OK disabled %v", d.choice.Visible(), d.adding(), d.ok.Disabled())
	}
	d.name.SetText("lea")
	d.initials.SetText("LK")
	if !d.ok.Disabled() {
		t.Error("OK is enabled without a role")
	}
	d.checks[0].SetChecked(true) // lead
	d.checks[2].SetChecked(true) // coder
	test.Tap(d.ok)
	p := f.s.project
	if got := p.status.User(); got != "lea" {
		t.Errorf("status bar: %q", got)
	}
	ms, err := p.svc.Members()
	if err != nil || len(ms) != 1 || ms[0].Name != "lea" || ms[0].RoleNames() != "lead, coder" || ms[0].Initials != "LK" {
		t.Fatalf("members: %+v, %v", ms, err)
	}
	if _, err := p.svc.AddCode(coding.NewCode{Name: "Erster Code"}); err != nil {
		t.Errorf("write after joining: %v", err)
	}
}
