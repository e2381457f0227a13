package io.heapdump.codec;

/**
 * Tag 14: a pending deferred call of a goroutine.
 *
 * @param address the defer record's address
 * @param goroutine the g it belongs to
 * @param sp the sp of the frame that deferred the call (argp in go1.3 and go1.4 dumps)
 * @param pc the PC of the defer statement's return point
 * @param funcval the deferred funcval (0 for open-coded defers since Go 1.14)
 * @param functionPc the deferred function's PC (0 for open-coded defers since Go 1.14)
 * @param next the next defer record in the chain, 0 if none
 */
public record Defer(
    long address, long goroutine, long sp, long pc, long funcval, long functionPc, long next)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 14;

  static final RecordLayout<Defer> LAYOUT = RecordLayout.all(
      TAG, Defer.class, new Defer(0, 0, 0, 0, 0, 0, 0),
      (w, r) -> new Defer(
          w.uvarint(r.address), w.uvarint(r.goroutine), w.uvarint(r.sp), w.uvarint(r.pc),
          w.uvarint(r.funcval), w.uvarint(r.functionPc), w.uvarint(r.next)));

  @Override
  public int tag() {
    return TAG;
  }
}
