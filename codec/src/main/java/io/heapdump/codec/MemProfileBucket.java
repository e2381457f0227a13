package io.heapdump.codec;

import java.util.List;

/**
 * Tag 16: a memory profile bucket: an allocation stack and size with its counts.
 *
 * @param address the bucket's address (what {@link AllocSample#bucket()} names)
 * @param size the allocation size in bytes
 * @param frames the allocation stack, innermost first
 * @param allocs how many allocations the bucket counted
 * @param frees how many of them were freed
 */
public record MemProfileBucket(
    long address, long size, List<ProfileFrame> frames, long allocs, long frees)
    implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 16;

  static final RecordLayout<MemProfileBucket> LAYOUT = RecordLayout.all(
      TAG, MemProfileBucket.class, new MemProfileBucket(0, 0, List.of(), 0, 0),
      (w, r) -> new MemProfileBucket(
          w.uvarint(r.address), w.uvarint(r.size), w.list(r.frames, ProfileFrame.TEMPLATE, ProfileFrame.LAYOUT),
          w.uvarint(r.allocs), w.uvarint(r.frees)));

  public MemProfileBucket {
    frames = List.copyOf(frames);
  }

  @Override
  public int tag() {
    return TAG;
  }
}
