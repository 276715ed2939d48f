//go:build !unix

package store

import "time"

// lockFile is a no-op where flock is not available: restoring over a
// damaged file then relies on the user having closed the project.
func lockFile(path string, timeout time.Duration) (func(), error) {
	return func() {}, nil
}
