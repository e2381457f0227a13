package io.heapdump.codec;

/**
 * The kind of a field-list entry: what lies at an offset of an object, type, frame or segment.
 * Wire codes depend on the version (see {@link DumpVersion}); this enum is version-neutral.
 */
public enum FieldKind {
  /** One pointer word. All versions. */
  PTR(1),
  /** A Go string header: data pointer and length. Go 1.3 only. */
  STRING(2),
  /** A Go slice header: data pointer, length, capacity. Go 1.3 only. */
  SLICE(3),
  /** A non-empty interface: itab word and data word. Go 1.3 and 1.4. */
  IFACE(2),
  /** An empty interface: type word and data word. Go 1.3 and 1.4. */
  EFACE(2);

  private final int words;

  FieldKind(int words) {
    this.words = words;
  }

  /** How many pointer-sized words the entry covers. */
  public int words() {
    return words;
  }
}
