package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Machine describes where a run happened.
type Machine struct {
	Cores    int
	MemoryMB int // 0: unknown
	OS, Arch string
	Go       string
	Commit   string // VCS revision of the binary, "+dirty" if modified
	// Load is /proc/loadavg's 1-, 5- and 15-minute load when the run ended
	// (other work on the machine skews the figures).
	Load string
}

// ThisMachine returns the running machine and binary.
func ThisMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), OS: runtime.GOOS, Arch: runtime.GOARCH, Go: runtime.Version(), Commit: "unknown"}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.Atoi(f[1]); err == nil {
					m.MemoryMB = kb / 1024
				}
			}
		}
	}
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(data)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if rev != "" {
			m.Commit = rev[:min(12, len(rev))] + dirty
		}
	}
	if m.Commit == "unknown" {
		// Built without VCS stamping: ask git about the working directory.
		if out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
			m.Commit = strings.TrimSpace(string(out))
			if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
				m.Commit += "+dirty"
			}
		}
	}
	return m
}

// Markdown returns docs/benchmarks.md for a report.
func Markdown(r *Report, m Machine, now time.Time) string {
	var b strings.Builder
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Written by `make bench` (`protocoder-cli bench --docs N --md docs/benchmarks.md`). ")
	b.WriteString("The corpus is generated (`protocoder-cli gen-corpus`): the sample project plus N protocols of 15–20 KB ")
	b.WriteString("that follow the sample guidelines, German-like Zipf text, about 20 codings each by two coders. ")
	b.WriteString("The issue's targets are for 10,000 protocols on a 2-core machine.\n\n")
	fmt.Fprintf(&b, "- date: %s\n- commit: %s\n- machine: %d cores, ", now.UTC().Format("2006-01-02 15:04 MST"), m.Commit, m.Cores)
	if m.MemoryMB > 0 {
		fmt.Fprintf(&b, "%.1f GB memory, ", float64(m.MemoryMB)/1024)
	}
	fmt.Fprintf(&b, "%s/%s, %s\n", m.OS, m.Arch, m.Go)
	if m.Load != "" {
		fmt.Fprintf(&b, "- load average when the run ended: %s\n", m.Load)
	}
	fmt.Fprintf(&b, "- corpus: **%d generated protocols** (plus the sample project's documents), %.1f MB of protocol text\n\n", r.Docs, r.MB)
	b.WriteString("| figure | value | target | met? |\n|---|---:|---|---|\n")
	for _, f := range r.Figures {
		met := ""
		if f.Met != nil {
			met = map[bool]string{true: "yes", false: "**no**"}[*f.Met]
		}
		fmt.Fprintf(&b, "| %s | %s %s | %s | %s |\n", f.Name, fmtValue(f.Value), f.Unit, f.Target, met)
	}
	if len(r.Notes) > 0 {
		b.WriteString("\nNotes:\n\n")
		for _, n := range r.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	return b.String()
}
