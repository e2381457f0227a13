package io.heapdump.codec;

/**
 * Tag 8 (Go 1.4 and later): an itab and the type it was made for. Since Go 1.7 the concrete type;
 * in Go 1.4 to 1.6 a pointer type when the value is stored indirectly.
 *
 * @param address the itab's address
 * @param typeAddress the type descriptor's address (a type record precedes the itab)
 */
public record Itab(long address, long typeAddress) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 8;

  static final RecordLayout<Itab> LAYOUT = RecordLayout.of(
      TAG, Itab.class, DumpVersion.GO1_4, DumpVersion.GO1_7, new Itab(0, 0),
      (w, r) -> new Itab(w.uvarint(r.address), w.uvarint(r.typeAddress)));

  @Override
  public int tag() {
    return TAG;
  }
}
