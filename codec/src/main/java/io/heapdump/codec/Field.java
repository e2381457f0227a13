package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * One entry of a field list: a {@link FieldKind} at a byte offset from the start of the memory the
 * list describes.
 */
public record Field(FieldKind kind, long offset) {
  public Field {
    Preconditions.checkNotNull(kind, "kind");
    Preconditions.checkArgument(
        offset >= 0 && offset <= FieldList.MAX_OFFSET, "field offset out of range: %s", offset);
  }

  /** A pointer field at {@code offset}. */
  public static Field ptr(long offset) {
    return new Field(FieldKind.PTR, offset);
  }
}
