// Package layers holds only a test: it enforces with `go list -deps` that
// dependencies point inward (see README, "Architecture").
package layers
