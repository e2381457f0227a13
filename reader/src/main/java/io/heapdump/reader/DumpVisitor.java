package io.heapdump.reader;

import io.heapdump.codec.AllocSample;
import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Itab;
import io.heapdump.codec.ItabGo13;
import io.heapdump.codec.MemProfileBucket;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Panic;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.TypeRecordGo13;
import java.io.IOException;

/**
 * Receives the records of a dump pushed by {@link DumpReader#accept}: one method per record type,
 * each a no-op by default, so a visitor overrides only what it needs. Records are in dump order;
 * {@link DumpReader#recordStart()} gives the offset of the one being visited. A method may throw
 * {@link IOException} to stop the read.
 */
public interface DumpVisitor {
  /** The params record (any of its three layouts). */
  default void visitParams(DumpParams params) throws IOException {}

  /** A heap object (Go 1.4 and later). */
  default void visitObject(ObjectRecord object) throws IOException {}

  /** A heap object of a Go 1.3 dump. */
  default void visitObjectGo13(ObjectRecordGo13 object) throws IOException {}

  /** A root described by a string (Go 1.3). */
  default void visitOtherRoot(OtherRoot root) throws IOException {}

  /** A type descriptor (Go 1.4 and later). */
  default void visitType(TypeRecord type) throws IOException {}

  /** A type descriptor of a Go 1.3 dump. */
  default void visitTypeGo13(TypeRecordGo13 type) throws IOException {}

  /** A goroutine; its stack frames, defers and panics follow. */
  default void visitGoroutine(Goroutine goroutine) throws IOException {}

  /** A stack frame of the goroutine visited last. */
  default void visitStackFrame(StackFrame frame) throws IOException {}

  /** A registered finalizer. */
  default void visitFinalizer(Finalizer finalizer) throws IOException {}

  /** A finalizer queued to run (its object is unreachable). */
  default void visitQueuedFinalizer(QueuedFinalizer finalizer) throws IOException {}

  /** An itab (Go 1.4 and later). */
  default void visitItab(Itab itab) throws IOException {}

  /** An itab of a Go 1.3 dump. */
  default void visitItabGo13(ItabGo13 itab) throws IOException {}

  /** An OS thread. */
  default void visitOsThread(OsThread thread) throws IOException {}

  /** The memory statistics. */
  default void visitMemStats(MemStats stats) throws IOException {}

  /** The data segment. */
  default void visitDataSegment(DataSegment segment) throws IOException {}

  /** The bss segment. */
  default void visitBssSegment(BssSegment segment) throws IOException {}

  /** A deferred call of a goroutine. */
  default void visitDefer(Defer defer) throws IOException {}

  /** A panic in progress on a goroutine. */
  default void visitPanic(Panic panic) throws IOException {}

  /** A memory profile bucket. */
  default void visitMemProfileBucket(MemProfileBucket bucket) throws IOException {}

  /** An allocation sample (an object and its profile bucket). */
  default void visitAllocSample(AllocSample sample) throws IOException {}

  /** The EOF record, last. */
  default void visitEof(Eof eof) throws IOException {}

  /** Calls the method of {@code visitor} that takes {@code record}'s type. */
  static void dispatch(DumpRecord record, DumpVisitor visitor) throws IOException {
    switch (record.tag()) {
      case 0 -> visitor.visitEof((Eof) record);
      case 1 -> {
        if (record instanceof ObjectRecord o) {
          visitor.visitObject(o);
        } else {
          visitor.visitObjectGo13((ObjectRecordGo13) record);
        }
      }
      case 2 -> visitor.visitOtherRoot((OtherRoot) record);
      case 3 -> {
        if (record instanceof TypeRecord t) {
          visitor.visitType(t);
        } else {
          visitor.visitTypeGo13((TypeRecordGo13) record);
        }
      }
      case 4 -> visitor.visitGoroutine((Goroutine) record);
      case 5 -> visitor.visitStackFrame((StackFrame) record);
      case 6 -> visitor.visitParams((DumpParams) record);
      case 7 -> visitor.visitFinalizer((Finalizer) record);
      case 8 -> {
        if (record instanceof Itab i) {
          visitor.visitItab(i);
        } else {
          visitor.visitItabGo13((ItabGo13) record);
        }
      }
      case 9 -> visitor.visitOsThread((OsThread) record);
      case 10 -> visitor.visitMemStats((MemStats) record);
      case 11 -> visitor.visitQueuedFinalizer((QueuedFinalizer) record);
      case 12 -> visitor.visitDataSegment((DataSegment) record);
      case 13 -> visitor.visitBssSegment((BssSegment) record);
      case 14 -> visitor.visitDefer((Defer) record);
      case 15 -> visitor.visitPanic((Panic) record);
      case 16 -> visitor.visitMemProfileBucket((MemProfileBucket) record);
      case 17 -> visitor.visitAllocSample((AllocSample) record);
      default -> throw new AssertionError("the codec returned a record with tag " + record.tag());
    }
  }
}
