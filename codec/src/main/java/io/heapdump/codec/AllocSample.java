package io.heapdump.codec;

/**
 * Tag 17: an object sampled by the memory profiler, and the bucket of its allocation stack.
 *
 * @param object the object's address
 * @param bucket the address of a {@link MemProfileBucket}
 */
public record AllocSample(long object, long bucket) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 17;

  static final RecordLayout<AllocSample> LAYOUT = RecordLayout.all(
      TAG, AllocSample.class, new AllocSample(0, 0),
      (w, r) -> new AllocSample(w.uvarint(r.object), w.uvarint(r.bucket)));

  @Override
  public int tag() {
    return TAG;
  }
}
