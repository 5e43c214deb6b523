//go:build unix

package connlimit

import (
	"fmt"
	"syscall"
)

// FileLimit raises the soft RLIMIT_NOFILE to the hard one (Go does this
// itself at start on Linux since 1.19; asking again costs nothing and makes
// it explicit) and returns the soft limit now in force: the number of file
// descriptors the process may have open.
func FileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("reading the open-file limit: %w", err)
	}
	if lim.Cur < lim.Max {
		raised := lim
		raised.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised); err == nil {
			lim = raised
		}
	}
	return uint64(lim.Cur), nil
}
