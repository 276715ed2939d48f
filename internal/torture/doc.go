// Package torture holds protocoder's reliability tests that drive the
// protocoder-cli binary from outside, as a user or a script would: the
// crash torture test (SIGKILL at random moments, then check that nothing
// the CLI reported as committed is lost and that the project opens and
// verifies), the bad-input matrix for every import command and the restore
// of a backup after project.db was damaged.
//
// The torture drives every mutating operation (TestTorture_KillAndRecover),
// kills purge, protect, restore and the recording commands at each step of
// their multi-file work with strace fault injection (TestTorture_Faults:
// strace -e inject=…:signal=SIGKILL -P FILE stops the CLI at a system call
// on a named file, the same step in every run) and races a second process
// with the operations that replace project.db (TestTorture_Race). After
// each kill it checks every edit confirmed so far, each coding's code, and
// scans every file of the folder for the canary of a purged interview and
// for plain text of a protected project.
//
// The short forms run in go test ./... (a few kills, one fault step and one
// race per operation where strace is available); the long torture run is
// make torture (go test ./internal/torture -run TestTorture -torture.kills=100 -v),
// which prints the figures table at the end.
package torture
