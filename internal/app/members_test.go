package app_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/protocoder/protocoder/internal/apptest"

	"github.com/protocoder/protocoder/internal/app/coding"
	"github.com/protocoder/protocoder/internal/app/privacy"
	"github.com/protocoder/protocoder/internal/app/study"

	"github.com/protocoder/protocoder/internal/app"
	"github.com/protocoder/protocoder/internal/app/members"
	"github.com/protocoder/protocoder/internal/project"
	"github.com/protocoder/protocoder/internal/qda"
	"github.com/protocoder/protocoder/internal/store"
	"github.com/protocoder/protocoder/internal/wire"
)

// openAs opens the project in dir as user (with $USER fallback).
func openAs(tb testing.TB, dir, user, fallback string) *project.Project {
	tb.Helper()
	s, err := wire.Open(dir, wire.Options{User: user, UserFallback: fallback, Clock: apptest.FixedClock{}, Store: store.Options{NoBackup: true}})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

func newProjectDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "p")
	if err := wire.Init(dir, "T", wire.Options{}); err != nil {
		tb.Fatal(err)
	}
	return dir
}

func TestService_AddMember(t *testing.T) {
	dir := newProjectDir(t)
	// Nobody acts: the first member acts for their own addition.
	s := openAs(t, dir, "", "")
	mara, err := s.AddMember(members.NewMember{Name: "mara", FullName: "Mara Lindner", Initials: "ML",
		Roles: []qda.MemberRole{qda.MemberCoder, qda.MemberLead, qda.MemberCoder}})
	if err != nil {
		t.Fatal(err)
	}
	if got := mara.RoleNames(); got != "lead, coder" {
		t.Errorf("roles = %q, want sorted and without duplicates", got)
	}
	entries, err := s.Audit(privacy.AuditFilter{})
	if err != nil || len(entries) != 1 || entries[0].User != "mara" || entries[0].Kind != app.KindMemberAdd {
		t.Fatalf("audit after the first member: %+v, %v", entries, err)
	}
	// The next member needs an acting member.
	if _, err := s.AddMember(members.NewMember{Name: "jonas", Roles: []qda.MemberRole{qda.MemberCoder}}); qda.ErrorCode(err) != qda.ENoMember {
		t.Errorf("second member without an acting user: %v, want %s", err, qda.ENoMember)
	}
	s.SetActingUser("ml") // initials stand for the name
	tests := []struct {
		name string
		n    members.NewMember
		code string
	}{
		{"ok", members.NewMember{Name: "jonas", Initials: "JB", Roles: []qda.MemberRole{qda.MemberInterviewer}}, ""},
		{"name taken", members.NewMember{Name: "Mara", Roles: []qda.MemberRole{qda.MemberCoder}}, qda.EConflict},
		{"name equals initials", members.NewMember{Name: "jb", Roles: []qda.MemberRole{qda.MemberCoder}}, qda.EConflict},
		{"initials taken", members.NewMember{Name: "elif", Initials: "ml", Roles: []qda.MemberRole{qda.MemberCoder}}, qda.EConflict},
		{"no role", members.NewMember{Name: "elif"}, qda.EInvalid},
		{"unknown role", members.NewMember{Name: "elif", Roles: []qda.MemberRole{"boss"}}, qda.EInvalid},
		{"long name", members.NewMember{Name: strings.Repeat("x", qda.MaxMemberName+1), Roles: []qda.MemberRole{qda.MemberCoder}}, qda.EInvalid},
		{"empty name", members.NewMember{Name: " ", Roles: []qda.MemberRole{qda.MemberCoder}}, qda.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddMember(tt.n)
			if qda.ErrorCode(err) != tt.code {
				t.Errorf("AddMember(%+v) = %v, want code %q", tt.n, err, tt.code)
			}
		})
	}
	ms, err := s.Members()
	if err != nil || len(ms) != 2 {
		t.Fatalf("members: %+v, %v", ms, err)
	}
	entries, _ = s.Audit(privacy.AuditFilter{})
	for _, e := range entries {
		if e.User != "mara" {
			t.Errorf("command %d %s recorded for %q, want mara", e.Seq, e.Kind, e.User)
		}
	}
}

func TestService_ActingMember(t *testing.T) {
	dir := newProjectDir(t)
	first := openAs(t, dir, "", "")
	if _, err := first.AddCode(coding.NewCode{Name: "X"}); qda.ErrorCode(err) != qda.ENoMember || !strings.Contains(err.Error(), "member add") {
		t.Errorf("write in a project without members: %v", err)
	}
	if _, err := first.AddMember(members.NewMember{Name: "mara", FullName: "Mara Lindner", Initials: "ML", Roles: []qda.MemberRole{qda.MemberLead}}); err != nil {
		t.Fatal(err)
	}
	first.Close()
	tests := []struct {
		name, user, fallback string
		want                 string // member name, "" for an ENoMember error
	}{
		{"by name", "mara", "", "mara"},
		{"case-insensitive", "MARA", "", "mara"},
		{"by initials", "ml", "", "mara"},
		{"unknown", "someone-new", "", ""},
		{"unknown despite a member $USER", "someone-new", "mara", ""},
		{"nobody", "", "", ""},
		{"$USER names a member", "", "mara", "mara"},
		{"$USER is no member", "", "root", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openAs(t, dir, tt.user, tt.fallback)
			before, _ := s.Members()
			c, err := s.AddCode(coding.NewCode{Name: "Code " + tt.name})
			if tt.want == "" {
				if qda.ErrorCode(err) != qda.ENoMember {
					t.Fatalf("AddCode = %v, want %s", err, qda.ENoMember)
				}
				msg := qda.ErrorMessage(err)
				for _, part := range []string{"mara (Mara Lindner; lead)", app.AddMemberHint} {
					if !strings.Contains(msg, part) {
						t.Errorf("message %q does not name %q", msg, part)
					}
				}
				if tt.fallback != "" && tt.user == "" && !strings.Contains(msg, tt.fallback) {
					t.Errorf("message %q does not say $USER %q is no member", msg, tt.fallback)
				}
				after, _ := s.Members()
				if len(after) != len(before) {
					t.Errorf("a failed command registered someone: %+v", after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			es, _ := s.Audit(privacy.AuditFilter{})
			if last := es[0]; last.User != tt.want || c == nil {
				t.Errorf("newest command by %q, want %q", last.User, tt.want)
			}
		})
	}
}

func TestService_EditMember(t *testing.T) {
	s := apptest.NewService(t, "anna")
	full, ini := "Anna Alt", "AA"
	u, err := s.EditMember("anna", members.MemberEdit{FullName: &full, Initials: &ini, Roles: []qda.MemberRole{qda.MemberCoder}})
	if err != nil || u.FullName != full || u.Initials != ini || u.RoleNames() != "coder" {
		t.Fatalf("edit: %+v, %v", u, err)
	}
	if _, err := s.EditMember("aa", members.MemberEdit{Roles: []qda.MemberRole{}}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("edit to no roles: %v, want invalid", err)
	}
	if _, err := s.EditMember("nobody", members.MemberEdit{FullName: &full}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("edit of a non-member: %v, want not found", err)
	}
}

// The acting member becomes an interview's interviewer only if they
// interview; a named interviewer must be a member.
func TestService_InterviewerIsAMember(t *testing.T) {
	s := apptest.NewEmptyService(t, "lea")
	if _, err := s.AddMember(members.NewMember{Name: "lea", Roles: []qda.MemberRole{qda.MemberLead}}); err != nil {
		t.Fatal(err)
	}
	ivr, err := s.AddMember(members.NewMember{Name: "ivo", Roles: []qda.MemberRole{qda.MemberInterviewer}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportGuideline(apptest.Guideline("A.1.1", apptest.G1), study.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCase(study.NewCase{Name: "JC-01", Kind: qda.CaseJobCentre}); err != nil {
		t.Fatal(err)
	}
	iv, err := s.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-01", Interviewee: "GF-01"})
	if err != nil || iv.Interviewer != "" {
		t.Errorf("interview by a lead who does not interview: interviewer %q, %v", iv.Interviewer, err)
	}
	s.SetActingUser("ivo")
	iv, err = s.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-01", Interviewee: "GF-02"})
	if err != nil || iv.Interviewer != ivr.GUID {
		t.Errorf("interview by an interviewer: interviewer %q, %v", iv.Interviewer, err)
	}
	if _, err := s.AddInterview(study.NewInterview{Guideline: "A.1.1", Role: "GF", Case: "JC-01", Interviewee: "GF-03", Interviewer: "anna"}); qda.ErrorCode(err) != qda.ENotFound {
		t.Errorf("interviewer who is no member: %v, want not found", err)
	}
}

func TestService_JoinAsMember(t *testing.T) {
	s := apptest.NewService(t, "mara")
	s.SetActingUser("")
	u, err := s.JoinAsMember(members.NewMember{Name: "elif", FullName: "Elif Aydın", Roles: []qda.MemberRole{qda.MemberCoder}})
	if err != nil {
		t.Fatal(err)
	}
	if me, err := s.ActingMember(); err != nil || me.GUID != u.GUID {
		t.Fatalf("acting after joining: %+v, %v", me, err)
	}
	es, _ := s.Audit(privacy.AuditFilter{})
	if es[0].User != "elif" || es[0].Kind != app.KindMemberAdd {
		t.Errorf("join recorded as %+v", es[0])
	}
	if _, err := s.JoinAsMember(members.NewMember{Name: "Mara", Roles: []qda.MemberRole{qda.MemberCoder}}); qda.ErrorCode(err) != qda.EConflict {
		t.Errorf("joining under a member's name: %v, want conflict", err)
	}
	if _, err := s.JoinAsMember(members.NewMember{Name: "new"}); qda.ErrorCode(err) != qda.EInvalid {
		t.Errorf("joining without a role: %v, want invalid", err)
	}
}
