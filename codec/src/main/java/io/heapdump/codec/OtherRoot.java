package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 2: a GC root that has no better record.
 *
 * @param description what kind of root it is
 * @param pointer the address it holds
 */
public record OtherRoot(String description, long pointer) implements DumpRecord {
  /** Tag of this record. */
  public static final int TAG = 2;

  static final RecordLayout<OtherRoot> LAYOUT = RecordLayout.all(
      TAG, OtherRoot.class, new OtherRoot("", 0),
      (w, r) -> new OtherRoot(w.string(r.description), w.uvarint(r.pointer)));

  public OtherRoot {
    Preconditions.checkNotNull(description, "description");
  }

  @Override
  public int tag() {
    return TAG;
  }
}
