// Package torture holds protocoder's reliability tests that drive the
// protocoder-cli binary from outside, as a user or a script would: the
// crash torture test (SIGKILL at random moments, then check that nothing
// the CLI reported as committed is lost and that the project opens and
// verifies), the bad-input matrix for every import command and the restore
// of a backup after project.db was damaged.
//
// The short forms run in go test ./...; the long torture run is
// make torture (go test ./internal/torture -run TestTorture -torture.kills=100 -v).
package torture
