// Command linkedlist builds linked lists held by globals: a singly linked list of 1000 nodes,
// a doubly linked list of 100 nodes and a container/list of 50 elements.
package main

import (
	"container/list"
	"unsafe"

	"heapdump.test/gosrc/internal/dumputil"
)

// Node is the element of both hand-made lists. Tag == ID*7+3.
type Node struct {
	Next, Prev *Node
	ID, Tag    int64
}

// Payload is the value stored in each container/list element.
type Payload struct {
	N    int64
	Self *Payload
}

const (
	singleLen   = 1000
	doubleLen   = 100
	doubleBase  = 1000000
	stdListLen  = 50
	stdListBase = 5000
)

var (
	singleHead *Node
	doubleHead *Node
	doubleTail *Node
	stdList    *list.List
)

func newNode(id int64) *Node { return &Node{ID: id, Tag: id*7 + 3} }

func build() {
	// Singly linked, IDs 0..999 from the head, Next only.
	var tail *Node
	for i := int64(0); i < singleLen; i++ {
		n := newNode(i)
		if tail == nil {
			singleHead = n
		} else {
			tail.Next = n
		}
		tail = n
	}
	// Doubly linked, IDs 1000000..1000099.
	for i := int64(0); i < doubleLen; i++ {
		n := newNode(doubleBase + i)
		n.Prev = doubleTail
		if doubleTail == nil {
			doubleHead = n
		} else {
			doubleTail.Next = n
		}
		doubleTail = n
	}
	stdList = list.New()
	for i := int64(0); i < stdListLen; i++ {
		p := &Payload{N: stdListBase + i}
		p.Self = p
		stdList.PushBack(p)
	}
}

func nodeObject(n *Node) *dumputil.Object {
	return dumputil.ObjectOf(n).
		Ptr(unsafe.Offsetof(n.Next)).
		Ptr(unsafe.Offsetof(n.Prev)).
		Int(unsafe.Offsetof(n.ID), 8).
		Int(unsafe.Offsetof(n.Tag), 8)
}

func main() {
	r := dumputil.Start("linkedlist")
	build()

	var singleAddrs []string
	var singleFirst5 []*dumputil.Object
	var singleTail *Node
	for n := singleHead; n != nil; n = n.Next {
		singleAddrs = append(singleAddrs, dumputil.AddrOf(n))
		if len(singleFirst5) < 5 {
			singleFirst5 = append(singleFirst5, nodeObject(n))
		}
		singleTail = n
	}
	var doubleAddrs []string
	var doubleFirst5 []*dumputil.Object
	for n := doubleHead; n != nil; n = n.Next {
		doubleAddrs = append(doubleAddrs, dumputil.AddrOf(n))
		if len(doubleFirst5) < 5 {
			doubleFirst5 = append(doubleFirst5, nodeObject(n))
		}
	}
	var elemAddrs, payloadAddrs []string
	var stdFirst5 []*dumputil.Object
	for e := stdList.Front(); e != nil; e = e.Next() {
		p := e.Value.(*Payload)
		elemAddrs = append(elemAddrs, dumputil.AddrOf(e))
		payloadAddrs = append(payloadAddrs, dumputil.AddrOf(p))
		if len(stdFirst5) < 5 {
			o := dumputil.ObjectOf(e).Ptr(0).Ptr(dumputil.PtrSize).Ptr(2*dumputil.PtrSize).
				Iface(3*dumputil.PtrSize).WithNote("Value holds *main.Payload %s", dumputil.AddrOf(p))
			stdFirst5 = append(stdFirst5, o)
		}
	}
	var node Node
	var payload Payload
	var elem list.Element
	r.Set("description", "global roots singleHead (1000 nodes, Next only, IDs 0..999 from the head), "+
		"doubleHead/doubleTail (100 nodes, Next+Prev, IDs 1000000..1000099) and stdList "+
		"(*container/list.List with 50 elements whose Value is a *main.Payload{N: 5000+i, Self: itself}). "+
		"Node{Next,Prev *Node; ID,Tag int64} with Tag==ID*7+3. singleAddrs/doubleAddrs list every node "+
		"address from the head; stdListElemAddrs the *list.Element addresses front to back "+
		"(list.Element{next, prev *Element; list *List; Value any}); stdListAddr is the *list.List "+
		"(its root Element is embedded at offset 0).")
	r.Set("globalAddrs", map[string]string{
		"singleHead": dumputil.AddrOf(&singleHead),
		"doubleHead": dumputil.AddrOf(&doubleHead),
		"doubleTail": dumputil.AddrOf(&doubleTail),
		"stdList":    dumputil.AddrOf(&stdList),
	})
	r.Set("nodeTypeSize", unsafe.Sizeof(node))
	r.Set("nodeFieldOffsets", map[string]uintptr{
		"Next": unsafe.Offsetof(node.Next), "Prev": unsafe.Offsetof(node.Prev),
		"ID": unsafe.Offsetof(node.ID), "Tag": unsafe.Offsetof(node.Tag),
	})
	r.Set("singleLen", len(singleAddrs))
	r.Set("singleHead", nodeObject(singleHead))
	r.Set("singleTail", nodeObject(singleTail))
	r.Set("singleFirst5", singleFirst5)
	r.Set("singleAddrs", singleAddrs)
	r.Set("doubleLen", len(doubleAddrs))
	r.Set("doubleHead", nodeObject(doubleHead))
	r.Set("doubleTail", nodeObject(doubleTail))
	r.Set("doubleFirst5", doubleFirst5)
	r.Set("doubleAddrs", doubleAddrs)
	r.Set("stdListAddr", dumputil.AddrOf(stdList))
	r.Set("stdListLen", stdList.Len())
	r.Set("stdListElemAddrs", elemAddrs)
	r.Set("stdListPayloadAddrs", payloadAddrs)
	r.Set("stdListFirst5", stdFirst5)
	r.Set("payloadTypeSize", unsafe.Sizeof(payload))
	r.Set("elementTypeSize", unsafe.Sizeof(elem))
	r.Finish()
}
