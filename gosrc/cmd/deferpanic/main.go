// Command deferpanic writes its heap dump from a deferred call while the main goroutine is
// panicking (two panic records), with other goroutines parked holding pending defers.
package main

import (
	"fmt"
	"strings"
	"time"

	"heapdump.test/gosrc/internal/dumputil"
)

// PanicErr is the first panic's value.
type PanicErr struct {
	Code int
	Msg  string
}

func (e *PanicErr) Error() string { return e.Msg }

var (
	// The panic values are set in main, so that they live on the heap.
	firstPanicVal   any
	secondPanicVal  any
	blockedPanicVal any
	gate            = make(chan int) // never written: every parked goroutine waits on it
	ready           = make(chan started)
	sink            int
	r               *dumputil.Run
	roles           = map[string]string{}
	expectedDefers  = map[string]int{}
	expectedPanics  = map[string]int{}
)

type started struct {
	id     int64
	role   string
	defers int
	panics int
}

//go:noinline
func noop(i int) { sink += i }

func park(role string, defers, panics int) {
	ready <- started{dumputil.GoID(), role, defers, panics}
	<-gate
}

// deferLoop has n defers in a loop: each is a heap-allocated defer record (runtime.deferproc).
//
//go:noinline
func deferLoop(n int) {
	for i := 0; i < n; i++ {
		defer noop(i)
	}
	park(fmt.Sprintf("blocked with %d pending loop defers (heap defer records)", n), n, 0)
}

// deferOpen has three open-coded defers: no defer records exist unless a panic runs them.
//
//go:noinline
func deferOpen() {
	defer noop(1)
	defer noop(2)
	defer func() { sink++ }()
	park("blocked with 3 open-coded defers (no defer records)", 0, 0)
}

// deferMany has nine defers, too many to open-code: each is a stack-allocated defer record
// (runtime.deferprocStack).
//
//go:noinline
func deferMany() {
	defer noop(1)
	defer noop(2)
	defer noop(3)
	defer noop(4)
	defer noop(5)
	defer noop(6)
	defer noop(7)
	defer noop(8)
	defer noop(9)
	park("blocked with 9 pending stack-allocated defers (defer records)", 9, 0)
}

// nestedDefers has one loop defer (a heap defer record) in each of depth frames.
//
//go:noinline
func nestedDefers(depth, total int) {
	for i := 0; i < 1; i++ {
		defer noop(depth)
	}
	if depth > 1 {
		nestedDefers(depth-1, total)
		return
	}
	park(fmt.Sprintf("blocked with defers in %d nested frames of main.nestedDefers (one heap defer record each)", total), total, 0)
}

// panicBlocked panics; its (open-coded) deferred call blocks forever, so the goroutine stays
// in the middle of a panic: one panic record, and the open-coded defer's record that the panic
// created.
//
//go:noinline
func panicBlocked() {
	defer func() {
		park("panicking, blocked inside an open-coded deferred call", 1, 1)
	}()
	panic(blockedPanicVal)
}

func level3() { panic(firstPanicVal) }

//go:noinline
func level2() {
	defer func() { panic(secondPanicVal) }()
	level3()
}

//go:noinline
func level1() {
	// level1 has a loop defer, so none of its defers are open-coded: the deferred call that
	// writes the dump runs from a defer record, which stays on the list while it runs.
	defer func() {
		writeDump()
		if v := recover(); v != secondPanicVal {
			dumputil.Fatalf("recovered %v, want the second panic", v)
		}
	}()
	for i := 0; i < 2; i++ {
		defer noop(i)
	}
	level2()
}

func writeDump() {
	main := fmt.Sprint(dumputil.GoID())
	roles[main] = "main goroutine: panicking twice (second panic raised by a deferred call of " +
		"main.level2), writing the dump from a deferred call of main.level1 before recovering"
	// The running deferred call of main.level1 (a defer record, as level1's defers are not
	// open-coded), and an open-coded defer record for runtime.main's frame, which the panic's
	// stack scan (addOneOpenDeferFrame) added.
	expectedDefers[main] = 2
	expectedPanics[main] = 2
	eface := func(p *any) map[string]string {
		w := dumputil.Words(p)
		return map[string]string{"type": dumputil.Hex(w[0]), "data": dumputil.Hex(w[1])}
	}
	r.Set("description", "the main goroutine (mainGoroutine) is panicking: the first panic value is "+
		"*main.PanicErr{42, \"first panic\"} (firstPanicValue, a heap object; firstPanicObject gives "+
		"its fields); a deferred call of main.level2 raised a second panic with a string value (built at "+
		"run time, so the eface data word points to a heap string header, secondPanicStringHeader); a deferred call of main.level1 writes the dump, then calls "+
		"recover(). The main goroutine's panic chain holds 2 panic records, the second panic first "+
		"(the panic record's type/data words equal the *PanicEface facts). roles lists every goroutine; "+
		"expectedDefers/expectedPanics give how many defer (tag 14) and panic (tag 15) records each "+
		"goroutine should have in a go1.19 dump: loop defers and functions with more than 8 defers "+
		"create records, open-coded defers do not until a panic runs them (then the record has "+
		"funcval 0 and function PC 0). The main goroutine's 2 defer records are the running deferred "+
		"call of main.level1 and an open-coded record for runtime.main's frame added by the panic's "+
		"stack scan; the goroutine in panicBlocked has one open-coded record for its own frame.")
	r.Set("mainGoroutine", dumputil.GoID())
	r.Set("expectedPanicChainMain", 2)
	r.Set("firstPanicValue", dumputil.Hex(dumputil.Words(&firstPanicVal)[1]))
	r.Set("firstPanicType", "*main.PanicErr")
	r.Set("firstPanicEface", eface(&firstPanicVal))
	r.Set("firstPanicObject", dumputil.ObjectOf(firstPanicVal.(*PanicErr)).Int(0, dumputil.PtrSize).String(dumputil.PtrSize))
	r.Set("secondPanicType", "string")
	r.Set("secondPanicValue", secondPanicVal)
	r.Set("secondPanicStringHeader", dumputil.Hex(dumputil.Words(&secondPanicVal)[1]))
	r.Set("secondPanicEface", eface(&secondPanicVal))
	r.Set("blockedPanicType", "*main.PanicErr")
	r.Set("blockedPanicValue", dumputil.Hex(dumputil.Words(&blockedPanicVal)[1]))
	r.Set("blockedPanicEface", eface(&blockedPanicVal))
	r.Set("roles", roles)
	r.Set("expectedDefers", expectedDefers)
	r.Set("expectedPanics", expectedPanics)
	r.Finish()
}

func main() {
	r = dumputil.Start("deferpanic")
	firstPanicVal = &PanicErr{Code: 42, Msg: "first panic"}
	secondPanicVal = strings.Join([]string{"second panic", "(raised inside a deferred call)"}, " ")
	blockedPanicVal = &PanicErr{Code: 7, Msg: "panic in a goroutine that blocks in its deferred call"}
	gs := []func(){
		func() { deferLoop(3) },
		func() { deferLoop(10) },
		deferOpen,
		deferMany,
		func() { nestedDefers(4, 4) },
		panicBlocked,
	}
	for _, g := range gs {
		go g()
	}
	want := map[int64]string{}
	for range gs {
		s := <-ready
		id := fmt.Sprint(s.id)
		roles[id] = s.role
		expectedDefers[id] = s.defers
		expectedPanics[id] = s.panics
		want[s.id] = "chan receive"
	}
	if err := dumputil.WaitForStates(want, 10*time.Second); err != nil {
		dumputil.Fatalf("%v", err)
	}
	level1()
}
