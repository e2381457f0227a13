package io.heapdump.codec;

/**
 * One record of a heap dump. Each implementation is one tag in one or more format versions; its
 * components, in declaration order, are its fields in wire order.
 */
public sealed interface DumpRecord
    permits Eof, ObjectRecord, ObjectRecordGo13, OtherRoot, TypeRecord, TypeRecordGo13,
        Goroutine, StackFrame, DumpParams, Finalizer, Itab, ItabGo13, OsThread, MemStats,
        QueuedFinalizer, DataSegment, BssSegment, Defer, Panic, MemProfileBucket, AllocSample {

  /** The record's tag on the wire (0 to 17). */
  int tag();
}
