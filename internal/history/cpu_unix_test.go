//go:build unix

package history

import (
	"syscall"
	"time"
)

// cpuTime is the processor time (user and system) this process, or its
// finished children, have used: on a shared machine it compares work done
// better than wall time does.
func cpuTime(children bool) time.Duration {
	who := syscall.RUSAGE_SELF
	if children {
		who = syscall.RUSAGE_CHILDREN
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
