package kiosk

import (
	"fmt"
	goruntime "runtime"
	"syscall"
)

// openNice is the nice value of the thread that opens the kiosk beside the
// starting window (decision 128): the kiosk is ready before the page asks
// for it, so its CPU time is better spent after GTK's and WebKit's.
const openNice = 10

// yieldThread locks the calling goroutine to its OS thread and lowers that
// thread's scheduling priority to nice (never raises it). The goroutine must
// not unlock: when it returns, Go ends the thread, so the lower priority never
// reaches another goroutine (threads Go starts meanwhile come from its
// template thread, not this one). On failure the thread keeps its priority.
func yieldThread(nice int) error {
	goruntime.LockOSThread()
	tid := syscall.Gettid()
	// The raw system call answers 20 - nice.
	cur, err := syscall.Getpriority(syscall.PRIO_PROCESS, tid)
	if err != nil {
		return fmt.Errorf("reading the priority of the kiosk's opening thread: %w", err)
	}
	if 20-cur >= nice {
		return nil
	}
	if err := syscall.Setpriority(syscall.PRIO_PROCESS, tid, nice); err != nil {
		return fmt.Errorf("lowering the priority of the kiosk's opening thread: %w", err)
	}
	return nil
}
