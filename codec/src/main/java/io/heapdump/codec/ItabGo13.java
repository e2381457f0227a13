package io.heapdump.codec;

/**
 * Tag 8 in Go 1.3 dumps: an itab and whether an interface using it holds a pointer in its data word.
 *
 * @param address the itab's address
 * @param dataIsPointer whether the data word is a pointer
 */
public record ItabGo13(long address, boolean dataIsPointer) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 8;

  static final RecordLayout<ItabGo13> LAYOUT = RecordLayout.of(
      TAG, ItabGo13.class, DumpVersion.GO1_3, DumpVersion.GO1_3, new ItabGo13(0, false),
      (w, r) -> new ItabGo13(w.uvarint(r.address), w.bool(r.dataIsPointer)));

  @Override
  public int tag() {
    return TAG;
  }
}
