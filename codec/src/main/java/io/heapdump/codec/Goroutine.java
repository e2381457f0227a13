package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 4: a goroutine. Its stack frames, defers and panics follow it in the dump.
 *
 * @param address the g's address
 * @param sp the stack pointer of its top frame
 * @param id the goroutine id
 * @param goPc PC of the {@code go} statement that started it
 * @param status 1 runnable, 3 in a syscall, 4 waiting (see {@link #STATUS_WAITING})
 * @param system whether the runtime started it for itself
 * @param background always false since Go 1.4
 * @param waitSince when it started waiting (nanoseconds), 0 if unknown
 * @param waitReason why it waits, in the runtime's words
 * @param context the closure context pointer
 * @param threadAddress the m it runs on, 0 if none
 * @param topDefer its innermost defer record, 0 if none
 * @param topPanic its innermost panic record, 0 if none
 */
public record Goroutine(
    long address, long sp, long id, long goPc, long status, boolean system, boolean background,
    long waitSince, String waitReason, long context, long threadAddress, long topDefer,
    long topPanic) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 4;
  /** Go's {@code _Grunnable}. */
  public static final int STATUS_RUNNABLE = 1;
  /** Go's {@code _Grunning} (not dumped by the Go runtime, which stops the world). */
  public static final int STATUS_RUNNING = 2;
  /** Go's {@code _Gsyscall}. */
  public static final int STATUS_SYSCALL = 3;
  /** Go's {@code _Gwaiting}. */
  public static final int STATUS_WAITING = 4;

  static final RecordLayout<Goroutine> LAYOUT = RecordLayout.all(
      TAG, Goroutine.class, new Goroutine(0, 0, 0, 0, 0, false, false, 0, "", 0, 0, 0, 0),
      (w, r) -> new Goroutine(
          w.uvarint(r.address), w.uvarint(r.sp), w.uvarint(r.id), w.uvarint(r.goPc),
          w.uvarint(r.status), w.bool(r.system), w.bool(r.background), w.uvarint(r.waitSince),
          w.string(r.waitReason), w.uvarint(r.context), w.uvarint(r.threadAddress),
          w.uvarint(r.topDefer), w.uvarint(r.topPanic)));

  public Goroutine {
    Preconditions.checkNotNull(waitReason, "waitReason");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
