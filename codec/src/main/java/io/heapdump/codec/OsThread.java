package io.heapdump.codec;

/**
 * Tag 9: an OS thread (a Go m).
 *
 * @param address the m's address
 * @param id the m's id
 * @param osId the operating system's thread id
 */
public record OsThread(long address, long id, long osId) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 9;

  static final RecordLayout<OsThread> LAYOUT = RecordLayout.all(
      TAG, OsThread.class, new OsThread(0, 0, 0),
      (w, r) -> new OsThread(w.uvarint(r.address), w.uvarint(r.id), w.uvarint(r.osId)));

  @Override
  public int tag() {
    return TAG;
  }
}
