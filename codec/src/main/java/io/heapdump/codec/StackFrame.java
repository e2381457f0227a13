package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 5: one stack frame of the goroutine record before it, innermost first.
 *
 * @param sp the frame's stack pointer (its lowest address)
 * @param depth 0 for the innermost frame
 * @param childSp the sp of the frame it called, 0 at depth 0
 * @param contents the frame's bytes
 * @param entryPc the function's entry PC
 * @param pc the current PC in the frame
 * @param continuationPc where execution continues (a deferreturn or panic target), 0 if none
 * @param functionName the function's name
 * @param fields the frame's pointer words (every word when the runtime had no pointer map)
 */
public record StackFrame(
    long sp, long depth, long childSp, Memory contents, long entryPc, long pc,
    long continuationPc, String functionName, FieldList fields) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 5;

  static final RecordLayout<StackFrame> LAYOUT = RecordLayout.all(
      TAG, StackFrame.class, new StackFrame(0, 0, 0, Memory.EMPTY, 0, 0, 0, "", FieldList.EMPTY),
      (w, r) -> new StackFrame(
          w.uvarint(r.sp), w.uvarint(r.depth), w.uvarint(r.childSp), w.memory(r.contents),
          w.uvarint(r.entryPc), w.uvarint(r.pc), w.uvarint(r.continuationPc),
          w.string(r.functionName), w.fields(r.fields)));

  public StackFrame {
    Preconditions.checkNotNull(contents, "contents");
    Preconditions.checkNotNull(functionName, "functionName");
    Preconditions.checkNotNull(fields, "fields");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
