// Command goroutines starts goroutines blocked in many different ways and dumps the heap once
// every one of them is parked in its intended state.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"sync"
	"syscall"
	"time"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// A role is one way of blocking: how many goroutines do it, the wait reason Go 1.19 reports
// for it, and the function that blocks.
type role struct {
	name       string
	count      int
	waitReason string
	block      func()
}

var (
	recvCh    = make(chan int)
	sendCh    = make(chan int)
	nilCh     chan int
	selA      = make(chan int)
	selB      = make(chan string)
	lockedCh  = make(chan int)
	mu        sync.Mutex
	rw        sync.RWMutex
	wg        sync.WaitGroup
	condMu    sync.Mutex
	cond      = sync.NewCond(&condMu)
	pipeR     *os.File
	pipeW     *os.File
	lockedTid = map[int64]int{}
	tidMu     sync.Mutex
)

//go:noinline
func blockRecv() { <-recvCh }

//go:noinline
func blockSend() { sendCh <- 1 }

//go:noinline
func blockNilChan() { <-nilCh }

//go:noinline
func blockSelect() {
	select {
	case <-selA:
	case <-selB:
	}
}

//go:noinline
func blockSelectEmpty() { select {} }

//go:noinline
func blockSleep() { time.Sleep(24 * time.Hour) }

//go:noinline
func blockMutex() { mu.Lock() }

//go:noinline
func blockRLock() { rw.RLock() }

//go:noinline
func blockWaitGroup() { wg.Wait() }

//go:noinline
func blockCond() {
	condMu.Lock()
	cond.Wait()
}

//go:noinline
func blockPipeRead() {
	buf := make([]byte, 1)
	pipeR.Read(buf)
}

//go:noinline
func blockLocked() {
	runtime.LockOSThread()
	tidMu.Lock()
	lockedTid[dumputil.GoID()] = syscall.Gettid()
	tidMu.Unlock()
	<-lockedCh
}

var roles = []role{
	{"chan receive", 3, "chan receive", blockRecv},
	{"chan send", 2, "chan send", blockSend},
	{"chan receive (nil chan)", 1, "chan receive (nil chan)", blockNilChan},
	{"select", 2, "select", blockSelect},
	{"select (no cases)", 2, "select (no cases)", blockSelectEmpty},
	{"sleep", 2, "sleep", blockSleep},
	{"sync.Mutex.Lock", 2, "semacquire", blockMutex},
	{"sync.RWMutex.RLock", 1, "semacquire", blockRLock},
	{"sync.WaitGroup.Wait", 2, "semacquire", blockWaitGroup},
	{"sync.Cond.Wait", 1, "sync.Cond.Wait", blockCond},
	{"IO wait on os.Pipe", 1, "IO wait", blockPipeRead},
	{"locked to thread, chan receive", 2, "chan receive", blockLocked},
}

type started struct {
	id   int64
	role string
}

func main() {
	r := dumputil.Start("goroutines")
	var err error
	if pipeR, pipeW, err = os.Pipe(); err != nil {
		dumputil.Fatalf("pipe: %v", err)
	}
	mu.Lock()
	rw.Lock()
	wg.Add(1)

	ids := make(chan started)
	total := 0
	want := map[int64]string{}
	roleOf := map[string]role{}
	for _, rl := range roles {
		roleOf[rl.name] = rl
		for i := 0; i < rl.count; i++ {
			total++
			rl := rl
			go func() {
				ids <- started{dumputil.GoID(), rl.name}
				rl.block()
			}()
		}
	}
	rolesByID := map[string]string{}
	roleCounts := map[string]int{}
	var order []int64
	for i := 0; i < total; i++ {
		s := <-ids
		want[s.id] = roleOf[s.role].waitReason
		rolesByID[fmt.Sprint(s.id)] = s.role
		roleCounts[s.role]++
		order = append(order, s.id)
	}
	if err := dumputil.WaitForStates(want, 10*time.Second); err != nil {
		dumputil.Fatalf("%v", err)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })

	expected := map[string]string{}
	for _, rl := range roles {
		expected[rl.name] = rl.waitReason
	}
	tids := map[string]int{}
	tidMu.Lock()
	for id, tid := range lockedTid {
		tids[fmt.Sprint(id)] = tid
	}
	tidMu.Unlock()
	chanAddr := func(c any) string { return dumputil.Hex(dumputil.Words(&c)[1]) }

	r.Set("description", "roles maps goroutine id -> how it blocks; waitReasons maps role -> the wait "+
		"reason go1.19 reports for it (the dump's goroutine record carries the same string; go1.20+ "+
		"says e.g. \"sync.Mutex.Lock\" where go1.19 says \"semacquire\"). Every goroutine in roles was "+
		"seen parked in that state (runtime.Stack) before the dump, so all are status waiting (4). "+
		"The main goroutine (id 1) writes the dump. chanAddrs are the runtime hchan objects; "+
		"syncAddrs the sync objects (mu, rw, wg, condMu are pointer-free globals in noptrbss, so outside "+
		"the dump's segments; cond is a heap object); lockedThreadTids the OS thread id (gettid) of each locked goroutine.")
	r.Set("roles", rolesByID)
	r.Set("roleCounts", roleCounts)
	r.Set("roleGoroutineIDs", order)
	r.Set("waitReasons", expected)
	r.Set("blockedCount", total)
	r.Set("lockedThreadTids", tids)
	r.Set("chanAddrs", map[string]string{
		"recvCh":   chanAddr(recvCh),
		"sendCh":   chanAddr(sendCh),
		"selA":     chanAddr(selA),
		"selB":     chanAddr(selB),
		"lockedCh": chanAddr(lockedCh),
	})
	r.Set("syncAddrs", map[string]string{
		"mu":     dumputil.AddrOf(&mu),
		"rw":     dumputil.AddrOf(&rw),
		"wg":     dumputil.AddrOf(&wg),
		"cond":   dumputil.Addr(unsafe.Pointer(cond)),
		"condMu": dumputil.AddrOf(&condMu),
	})
	r.Set("globalAddrs", map[string]string{
		"recvCh": dumputil.AddrOf(&recvCh),
		"sendCh": dumputil.AddrOf(&sendCh),
		"nilCh":  dumputil.AddrOf(&nilCh),
		"cond":   dumputil.AddrOf(&cond),
		"pipeR":  dumputil.AddrOf(&pipeR),
	})
	r.Finish()
}
