package kiosk

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
)

// threadNice reads the calling thread's nice value from /proc (the 19th
// field of stat; the command name, in parentheses, may hold spaces).
func threadNice() (int, error) {
	b, err := os.ReadFile("/proc/thread-self/stat")
	if err != nil {
		return 0, err
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 17 {
		return 0, fmt.Errorf("short /proc/thread-self/stat: %q", s)
	}
	return strconv.Atoi(fields[16]) // fields 3… after ")": the 19th is the 17th here
}

func TestYieldThreadLowersOnlyItsThread(t *testing.T) {
	type result struct {
		before, after, other int
		err                  error
	}
	done := make(chan result)
	go func() {
		var r result
		var errs [4]error
		r.before, errs[0] = threadNice()
		errs[1] = yieldThread(openNice)
		r.after, errs[2] = threadNice()
		// A goroutine started now runs on another thread, at the old priority.
		other := make(chan int)
		go func() {
			n, err := threadNice()
			errs[3] = err
			other <- n
		}()
		r.other = <-other
		for _, err := range errs {
			if err != nil && r.err == nil {
				r.err = err
			}
		}
		done <- r // returns while locked: Go ends the thread
	}()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if want := max(r.before, openNice); r.after != want {
		t.Errorf("nice %d after yieldThread, %d before: want %d", r.after, r.before, want)
	}
	if r.other != r.before {
		t.Errorf("a goroutine started by the yielded one runs at nice %d, want %d (the old priority)", r.other, r.before)
	}
	if n, err := threadNice(); err != nil || n != r.before {
		t.Errorf("the test's own thread at nice %d (%v), want %d", n, err, r.before)
	}
}
