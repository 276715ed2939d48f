//go:build unix

package apptest

import (
	"syscall"
	"time"
)

// ProcessCPU returns the CPU time (user + system) the process used so far;
// benchmarks report it per operation because wall time on a shared machine
// also counts the time other processes held the cores.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
