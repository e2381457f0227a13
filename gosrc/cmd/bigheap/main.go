// Command bigheap builds a large heap for benchmarks: a linked list of -n small objects and a
// map from index to object (about 90 MB of dump for the default n on 64-bit). Its output is
// never committed.
package main

import (
	"flag"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Big is one list element: a pointer and some integers.
type Big struct {
	Next *Big
	ID   int64
	A, B int64
}

var (
	n     = flag.Int("n", 1000000, "number of list elements (the map gets the same number of entries)")
	head  *Big
	index map[int64]*Big
)

func main() {
	r := dumputil.Start("bigheap")
	if *n < 1 {
		dumputil.Fatalf("bigheap: -n must be positive")
	}
	index = make(map[int64]*Big, *n)
	var tail *Big
	for i := int64(0); i < int64(*n); i++ {
		b := &Big{ID: i, A: i * 3, B: -i}
		if tail == nil {
			head = b
		} else {
			tail.Next = b
		}
		tail = b
		index[i] = b
	}
	obj := func(b *Big) *dumputil.Object {
		return dumputil.ObjectOf(b).Ptr(unsafe.Offsetof(b.Next)).Int(unsafe.Offsetof(b.ID), 8).
			Int(unsafe.Offsetof(b.A), 8).Int(unsafe.Offsetof(b.B), 8)
	}
	var first5 []*dumputil.Object
	for b := head; b != nil && len(first5) < 5; b = b.Next {
		first5 = append(first5, obj(b))
	}
	var big Big
	r.Set("description", "head is a linked list of n main.Big{Next *Big; ID, A, B int64} with ID i, "+
		"A 3i, B -i, in order from the head; index is a map[int64]*Big from i to element i "+
		"(created with size hint n). Benchmark input; not committed.")
	r.Set("n", *n)
	r.Set("bigTypeSize", unsafe.Sizeof(big))
	r.Set("head", obj(head))
	r.Set("tail", obj(tail))
	r.Set("first5", first5)
	r.Set("indexLen", len(index))
	r.Set("indexMapAddr", dumputil.Hex(*(*uintptr)(unsafe.Pointer(&index))))
	r.Set("globalAddrs", map[string]string{
		"head":  dumputil.AddrOf(&head),
		"index": dumputil.AddrOf(&index),
	})
	r.Finish()
}
