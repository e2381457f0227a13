// Command finalizers sets finalizers on live objects (registered finalizer records) and on
// unreachable ones whose finalizers are queued but cannot run, because the finalizer goroutine
// is blocked inside an earlier finalizer (queued finalizer records).
package main

import (
	"reflect"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Res is the small object type that gets finalizers.
type Res struct {
	ID   int64
	Name string
	Next *Res
}

// Big is a large object (more than 32 KiB) with a finalizer.
type Big struct {
	Data [5000]int64
	P    *Res
}

const (
	registeredCount = 10
	queuedCount     = 20
)

var (
	live           [registeredCount]*Res
	liveBig        *Big
	blockerRan     = make(chan struct{}, 1)
	blockForever   = make(chan struct{})
	finalizedSoFar int32
)

func finRes(r *Res) { atomic.AddInt32(&finalizedSoFar, 1) }
func finAny(x any)  { atomic.AddInt32(&finalizedSoFar, 1) }
func finBig(b *Big) { atomic.AddInt32(&finalizedSoFar, 1) }
func finBlocker(r *Res) {
	blockerRan <- struct{}{}
	<-blockForever
}

func setFinalizer(r *Res) {
	if r.ID%2 == 0 {
		runtime.SetFinalizer(r, finRes)
	} else {
		runtime.SetFinalizer(r, finAny)
	}
}

func finName(id int64) string {
	if id%2 == 0 {
		return "main.finRes"
	}
	return "main.finAny"
}

// makeBlocker allocates an object with the blocking finalizer and drops it.
//
//go:noinline
func makeBlocker() uintptr {
	b := &Res{ID: -1, Name: "blocker"}
	runtime.SetFinalizer(b, finBlocker)
	return uintptr(unsafe.Pointer(b))
}

// makeGarbage allocates n objects with finalizers and drops them.
//
//go:noinline
func makeGarbage(n int) []uintptr {
	addrs := make([]uintptr, n)
	for i := range addrs {
		r := &Res{ID: int64(1000 + i), Name: "queued"}
		setFinalizer(r)
		addrs[i] = uintptr(unsafe.Pointer(r))
	}
	return addrs
}

func main() {
	r := dumputil.Start("finalizers")

	// 1. Block the finalizer goroutine inside finBlocker.
	blocker := makeBlocker()
	deadline := time.Now().Add(10 * time.Second)
	for done := false; !done; {
		runtime.GC()
		select {
		case <-blockerRan:
			done = true
		case <-time.After(100 * time.Millisecond):
			if time.Now().After(deadline) {
				dumputil.Fatalf("the blocking finalizer never ran")
			}
		}
	}
	gcAfterBlocker := gcCount()

	// 2. Live objects with finalizers.
	for i := range live {
		live[i] = &Res{ID: int64(i), Name: "live"}
		if i > 0 {
			live[i].Next = live[i-1]
		}
		setFinalizer(live[i])
	}
	liveBig = &Big{P: live[0]}
	runtime.SetFinalizer(liveBig, finBig)

	// 3. Unreachable objects: one GC queues their finalizers, which cannot run.
	queued := makeGarbage(queuedCount)
	runtime.GC()

	var res Res
	var big Big
	registered := make([]map[string]string, 0, registeredCount)
	regAddrs := make([]string, 0, registeredCount)
	for _, x := range live {
		regAddrs = append(regAddrs, dumputil.AddrOf(x))
		registered = append(registered, map[string]string{"addr": dumputil.AddrOf(x), "finalizer": finName(x.ID)})
	}
	queuedAddrs := make([]string, 0, queuedCount)
	queuedList := make([]map[string]string, 0, queuedCount)
	for i, a := range queued {
		queuedAddrs = append(queuedAddrs, dumputil.Hex(a))
		queuedList = append(queuedList, map[string]string{"addr": dumputil.Hex(a), "finalizer": finName(int64(1000 + i))})
	}
	pc := func(f any) string { return dumputil.Hex(reflect.ValueOf(f).Pointer()) }
	r.Set("description", "registered: finalizers set on live objects (a finalizer record (tag 7) per "+
		"address in registeredAddrs plus registeredLargeAddr, besides the runtime's and package os's own, "+
		"e.g. for os.Stdin/Stdout/Stderr and the open dump file). queued: objects that became "+
		"unreachable; their finalizers are queued (a queued finalizer record (tag 11) per address in "+
		"queuedAddrs, each object still present as a heap object) because the finalizer goroutine is "+
		"blocked inside main.finBlocker. Even IDs use finalizer main.finRes(*Res), odd ones "+
		"main.finAny(interface{}) (the record's argument type is then interface {}); the large object "+
		"uses main.finBig(*Big). finalizerPCs are the functions' entry PCs (the record's function PC "+
		"field); typeAddrs the type descriptors for the record's argument-type and object-type fields.")
	r.Set("blockerAddr", dumputil.Hex(blocker))
	r.Set("blockerNote", "the object whose finalizer (main.finBlocker) is running, blocked, in the "+
		"finalizer goroutine; its finalizer-queue slot is only cleared after the call returns, so "+
		"go1.19 reports it as one more queued finalizer record (expectedQueuedRecords counts it)")
	r.Set("registeredCount", registeredCount+1)
	r.Set("registeredAddrs", regAddrs)
	r.Set("registered", registered)
	r.Set("registeredLargeAddr", dumputil.AddrOf(liveBig))
	r.Set("queuedCount", queuedCount)
	r.Set("queuedAddrs", queuedAddrs)
	r.Set("queued", queuedList)
	r.Set("expectedQueuedRecords", queuedCount+1)
	r.Set("finalizedSoFar", atomic.LoadInt32(&finalizedSoFar))
	r.Set("numGCAfterBlocker", gcAfterBlocker)
	r.Set("resTypeSize", unsafe.Sizeof(res))
	r.Set("bigTypeSize", unsafe.Sizeof(big))
	r.Set("finalizerPCs", map[string]string{
		"main.finRes":     pc(finRes),
		"main.finAny":     pc(finAny),
		"main.finBig":     pc(finBig),
		"main.finBlocker": pc(finBlocker),
	})
	r.Set("typeAddrs", map[string]string{
		"*main.Res":    dumputil.Hex(dumputil.TypeDescAddr(reflect.TypeOf(&res))),
		"*main.Big":    dumputil.Hex(dumputil.TypeDescAddr(reflect.TypeOf(&big))),
		"interface {}": dumputil.Hex(dumputil.TypeDescAddr(reflect.TypeOf((*any)(nil)).Elem())),
	})
	r.Set("globalAddrs", map[string]string{
		"live":    dumputil.AddrOf(&live),
		"liveBig": dumputil.AddrOf(&liveBig),
	})
	r.Finish()
}

func gcCount() uint32 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.NumGC
}
