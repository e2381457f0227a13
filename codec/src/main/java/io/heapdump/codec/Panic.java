package io.heapdump.codec;

/**
 * Tag 15: a panic in progress on a goroutine.
 *
 * @param address the panic record's address
 * @param goroutine the g it belongs to
 * @param valueType the type word of the panic value (an eface)
 * @param valueData the data word of the panic value
 * @param runningDefer the defer being run in go1.3 dumps; always 0 since go1.4
 * @param next the next (older) panic record, 0 if none
 */
public record Panic(
    long address, long goroutine, long valueType, long valueData, long runningDefer, long next)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 15;

  static final RecordLayout<Panic> LAYOUT = RecordLayout.all(
      TAG, Panic.class, new Panic(0, 0, 0, 0, 0, 0),
      (w, r) -> new Panic(
          w.uvarint(r.address), w.uvarint(r.goroutine), w.uvarint(r.valueType),
          w.uvarint(r.valueData), w.uvarint(r.runningDefer), w.uvarint(r.next)));

  @Override
  public int tag() {
    return TAG;
  }
}
