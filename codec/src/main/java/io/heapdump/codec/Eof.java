package io.heapdump.codec;

/** Tag 0: the end of the dump. A dump whose writer died has none. */
public record Eof() implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 0;

  static final RecordLayout<Eof> LAYOUT =
      RecordLayout.all(TAG, Eof.class, new Eof(), (w, r) -> r);

  @Override
  public int tag() {
    return TAG;
  }
}
