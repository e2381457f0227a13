#!/usr/bin/env bash
# Builds the heap-dump generator programs for linux/amd64 and linux/386, runs each one, and
# writes OUTDIR/<program>.dump + OUTDIR/<program>.facts.json (amd64) and
# OUTDIR/<program>-386.dump + OUTDIR/<program>-386.facts.json (386).
#
# usage: gosrc/generate.sh OUTDIR [program...]
#   GO=/path/to/go overrides the toolchain (default: go on PATH, else /usr/lib/go-1.19/bin/go).
#   ARCHES="amd64" limits the architectures (default "amd64 386"; running 386 binaries needs a
#   kernel with 32-bit support).
#   bigheap is never built here (it is for benchmarks: go run ./cmd/bigheap -out ... -facts ...).
set -euo pipefail

die() { echo "generate.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] || die "usage: $0 OUTDIR [program...]"
OUTDIR=$1
shift

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ALL_PROGRAMS=(tiny linkedlist maps interfaces goroutines deferpanic finalizers memprof threads globals)
if [ $# -gt 0 ]; then PROGRAMS=("$@"); else PROGRAMS=("${ALL_PROGRAMS[@]}"); fi
read -r -a ARCHES <<<"${ARCHES:-amd64 386}"
[ ${#ARCHES[@]} -gt 0 ] || die "ARCHES is empty"

GO=${GO:-go}
if ! command -v "$GO" >/dev/null 2>&1; then
    [ "$GO" = go ] || die "GO=$GO is not an executable"
    GO=/usr/lib/go-1.19/bin/go
    [ -x "$GO" ] || die "no go on PATH and no $GO"
fi
# Without a usable home directory, keep the build cache in the temporary directory.
if [ -z "${HOME:-}" ] || [ ! -w "${HOME:-/nonexistent}" ]; then
    export GOCACHE=${GOCACHE:-${TMPDIR:-/tmp}/heapdump-gosrc-gocache}
    export GOPATH=${GOPATH:-${TMPDIR:-/tmp}/heapdump-gosrc-gopath}
fi
export GOFLAGS= GO111MODULE=on GOTOOLCHAIN=local CGO_ENABLED=0 GOOS=linux

TIMEOUT=()
if command -v timeout >/dev/null 2>&1; then TIMEOUT=(timeout 120); fi

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
BIN=$(mktemp -d "${TMPDIR:-/tmp}/heapdump-gosrc-bin.XXXXXX")
trap 'rm -rf "$BIN"' EXIT

echo "using $("$GO" version)"
for arch in "${ARCHES[@]}"; do
    for prog in "${PROGRAMS[@]}"; do
        [ -d "$HERE/cmd/$prog" ] || die "no program $prog"
        [ "$prog" != bigheap ] || die "bigheap is not generated here"
        suffix=""
        [ "$arch" = amd64 ] || suffix="-$arch"
        exe="$BIN/$prog-$arch"
        dump="$OUTDIR/$prog$suffix.dump"
        facts="$OUTDIR/$prog$suffix.facts.json"
        echo "== $prog ($arch)"
        (cd "$HERE" && GOARCH=$arch "$GO" build -trimpath -o "$exe" "./cmd/$prog") \
            || die "building $prog for $arch failed"
        rm -f "$dump" "$facts"
        (cd "$BIN" && "${TIMEOUT[@]}" "$exe" -out "$dump" -facts "$facts") \
            || die "running $prog ($arch) failed"
        [ -s "$dump" ] || die "$prog ($arch) wrote no dump"
        [ -s "$facts" ] || die "$prog ($arch) wrote no facts"
        cmp -s -n 16 <(printf 'go1.7 heap dump\n') "$dump" \
            || die "$dump does not start with \"go1.7 heap dump\\n\""
        if command -v python3 >/dev/null 2>&1; then
            python3 -m json.tool "$facts" >/dev/null || die "$facts is not valid JSON"
        fi
    done
done

echo "== written to $OUTDIR"
(cd "$OUTDIR" && ls -l -- *.dump *.facts.json)
