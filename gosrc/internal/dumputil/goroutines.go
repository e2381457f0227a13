package dumputil

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Goroutine is one goroutine as runtime.Stack(all) describes it.
type Goroutine struct {
	ID int64 `json:"id"`
	// State is the text in brackets after the id without the wait duration,
	// e.g. "chan receive, locked to thread".
	State string `json:"state"`
	// WaitReason is the first part of State, e.g. "chan receive" or "running"; for a waiting
	// goroutine it is the runtime's wait-reason string, the one the dump's goroutine record holds.
	WaitReason     string `json:"waitReason"`
	LockedToThread bool   `json:"lockedToThread,omitempty"`
	// Funcs are the function names of the goroutine's frames, innermost first, as the
	// traceback prints them (runtime frames hidden; "panic" for runtime.gopanic).
	Funcs     []string `json:"funcs"`
	CreatedBy string   `json:"createdBy,omitempty"`
}

var stackBuf []byte

// Stack returns runtime.Stack's text for all goroutines (or only the caller's). The result
// shares a buffer with the next call (this keeps polling from filling the heap with garbage),
// so only one goroutine may call it.
func Stack(all bool) []byte {
	if stackBuf == nil {
		stackBuf = make([]byte, 16<<10)
	}
	for {
		n := runtime.Stack(stackBuf, all)
		if n < len(stackBuf) {
			return stackBuf[:n]
		}
		stackBuf = make([]byte, 2*len(stackBuf))
	}
}

// Goroutines lists all goroutines, parsed from runtime.Stack(all=true).
func Goroutines() ([]Goroutine, error) {
	return ParseStacks(Stack(true))
}

// ParseStacks parses the text that runtime.Stack (or a crash traceback) prints.
func ParseStacks(text []byte) ([]Goroutine, error) {
	var out []Goroutine
	var cur *Goroutine
	for len(text) > 0 {
		var line string
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = lineString(text[:i]), text[i+1:]
		} else {
			line, text = lineString(text), nil
		}
		switch {
		case strings.HasPrefix(line, "goroutine "):
			g, err := parseHeader(line)
			if err != nil {
				return nil, err
			}
			out = append(out, g)
			cur = &out[len(out)-1]
		case cur == nil, line == "", strings.HasPrefix(line, "\t"), strings.HasPrefix(line, "..."):
			// file:line lines, separators, "...additional frames elided..."
		case strings.HasPrefix(line, "created by "):
			name := strings.TrimPrefix(line, "created by ")
			if i := strings.Index(name, " in goroutine "); i >= 0 {
				name = name[:i]
			}
			cur.CreatedBy = name
		default:
			name := line
			if strings.HasSuffix(name, ")") {
				if i := strings.LastIndex(name, "("); i > 0 {
					name = name[:i]
				}
			}
			cur.Funcs = append(cur.Funcs, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no goroutines in stack text")
	}
	return out, nil
}

// lineString converts the lines that matter to strings; file:line lines are skipped without
// allocating.
func lineString(b []byte) string {
	if len(b) == 0 || b[0] == '\t' {
		return "\t"
	}
	return string(b)
}

// parseHeader parses "goroutine 6 [chan receive, 2 minutes, locked to thread]:".
func parseHeader(line string) (Goroutine, error) {
	var g Goroutine
	rest := strings.TrimPrefix(line, "goroutine ")
	sp := strings.IndexByte(rest, ' ')
	lb, rb := strings.IndexByte(rest, '['), strings.LastIndexByte(rest, ']')
	if sp < 0 || lb < 0 || rb < lb {
		return g, fmt.Errorf("bad goroutine header %q", line)
	}
	id, err := strconv.ParseInt(rest[:sp], 10, 64)
	if err != nil {
		return g, fmt.Errorf("bad goroutine header %q: %v", line, err)
	}
	g.ID = id
	var parts []string
	for _, p := range strings.Split(rest[lb+1:rb], ", ") {
		switch {
		case strings.HasSuffix(p, " minutes"), strings.HasSuffix(p, " minute"):
			continue
		case p == "locked to thread":
			g.LockedToThread = true
		}
		parts = append(parts, p)
	}
	g.State = strings.Join(parts, ", ")
	if len(parts) > 0 {
		g.WaitReason = parts[0]
	}
	g.Funcs = []string{}
	return g, nil
}

// GoID returns the calling goroutine's id.
func GoID() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	gs, err := ParseStacks(b)
	if err != nil {
		panic(err)
	}
	return gs[0].ID
}

// WaitForStates polls runtime.Stack until every goroutine id in want shows the wanted wait
// reason (the first part of its state), or fails after timeout.
func WaitForStates(want map[int64]string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		gs, err := Goroutines()
		if err != nil {
			return err
		}
		have := make(map[int64]string, len(gs))
		for _, g := range gs {
			have[g.ID] = g.WaitReason
		}
		var missing []string
		for id, w := range want {
			if have[id] != w {
				missing = append(missing, fmt.Sprintf("goroutine %d: %q, want %q", id, have[id], w))
			}
		}
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("goroutines not in their states after %v: %s", timeout, strings.Join(missing, "; "))
		}
		time.Sleep(5 * time.Millisecond)
	}
}
