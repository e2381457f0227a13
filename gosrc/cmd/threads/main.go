// Command threads parks goroutines that are locked to their OS threads (runtime.LockOSThread)
// and records which thread each one runs on, so the dump's OS thread records can be checked.
package main

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"syscall"
	"time"

	"heapdump.test/gosrc/internal/dumputil"
)

const lockedRecv = 3

type started struct {
	id     int64
	tid    int
	role   string
	locked bool
	state  string
}

var (
	gate     = make(chan int) // never written
	ready    = make(chan started)
	pipeFds  [2]int
	pipeFds2 [2]int
)

func report(role string, locked bool, state string) {
	ready <- started{dumputil.GoID(), syscall.Gettid(), role, locked, state}
}

// taskTids lists the process's threads from /proc/self/task.
func taskTids() ([]int, error) {
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil, err
	}
	tids := make([]int, 0, len(ents))
	for _, e := range ents {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			return nil, err
		}
		tids = append(tids, tid)
	}
	sort.Ints(tids)
	return tids, nil
}

// stableTids waits until the thread list stays the same for a while: threads are started
// lazily (e.g. when a goroutine blocks in a system call, its P is handed to another thread).
func stableTids() ([]int, error) {
	var last []int
	same := 0
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		tids, err := taskTids()
		if err != nil {
			return nil, err
		}
		if reflect.DeepEqual(tids, last) {
			same++
			if same == 5 {
				return tids, nil
			}
		} else {
			same = 0
		}
		last = tids
		time.Sleep(40 * time.Millisecond)
	}
	return last, fmt.Errorf("thread list did not settle: %v", last)
}

func main() {
	runtime.LockOSThread()
	r := dumputil.Start("threads")
	mainTid := syscall.Gettid()
	if err := syscall.Pipe(pipeFds[:]); err != nil {
		dumputil.Fatalf("pipe: %v", err)
	}
	if err := syscall.Pipe(pipeFds2[:]); err != nil {
		dumputil.Fatalf("pipe: %v", err)
	}

	for i := 0; i < lockedRecv; i++ {
		go func() {
			runtime.LockOSThread()
			report("locked, chan receive", true, "chan receive")
			<-gate
		}()
	}
	go func() {
		runtime.LockOSThread()
		report("locked, blocking read(2) on a pipe", true, "syscall")
		var b [1]byte
		syscall.Read(pipeFds[0], b[:])
	}()
	go func() {
		report("unlocked, blocking read(2) on a pipe (tid recorded just before the system call; the "+
			"goroutine could have moved to another thread in between)", false, "syscall")
		var b [1]byte
		syscall.Read(pipeFds2[0], b[:])
	}()

	goroutineThreads := map[string]map[string]any{
		fmt.Sprint(dumputil.GoID()): {"role": "main goroutine, locked (writes the dump)", "tid": mainTid, "locked": true},
	}
	want := map[int64]string{}
	var lockedTids []int
	for i := 0; i < lockedRecv+2; i++ {
		s := <-ready
		goroutineThreads[fmt.Sprint(s.id)] = map[string]any{"role": s.role, "tid": s.tid, "locked": s.locked}
		if s.locked {
			lockedTids = append(lockedTids, s.tid)
		}
		want[s.id] = s.state
	}
	lockedTids = append(lockedTids, mainTid)
	sort.Ints(lockedTids)
	if err := dumputil.WaitForStates(want, 10*time.Second); err != nil {
		dumputil.Fatalf("%v", err)
	}
	tids, err := stableTids()
	if err != nil {
		dumputil.Fatalf("%v", err)
	}

	r.Set("description", "goroutineThreads maps goroutine id -> the OS thread id (gettid) it ran on and "+
		"whether it is locked to that thread (runtime.LockOSThread); each locked goroutine keeps its "+
		"thread, so an OS thread record (tag 9) whose OS thread id equals that tid must exist "+
		"(lockedTids). taskTids are the ids in /proc/self/task just before the dump (stable for 200 ms), "+
		"procThreads their count; in a pure Go program every thread is an M, so the dump's thread "+
		"records should name exactly these ids. The goroutines blocked in read(2) are in status syscall "+
		"(3) and their goroutine record's m is the M running the call; parked goroutines have m 0, "+
		"locked or not.")
	r.Set("mainTid", mainTid)
	r.Set("goroutineThreads", goroutineThreads)
	r.Set("lockedTids", lockedTids)
	r.Set("taskTids", tids)
	r.Set("procThreads", len(tids))
	r.Finish()
}
