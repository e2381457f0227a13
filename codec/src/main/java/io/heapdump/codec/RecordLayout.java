package io.heapdump.codec;

import java.util.EnumSet;
import java.util.Set;

/**
 * Everything the codec knows about one record type: its tag, the versions whose dumps hold it,
 * a template value for decoding, and its one wire layout.
 */
record RecordLayout<R extends DumpRecord>(
    int tag, Class<R> type, Set<DumpVersion> versions, R template, Wire.Layout<R> layout) {

  static <R extends DumpRecord> RecordLayout<R> of(
      int tag, Class<R> type, DumpVersion from, DumpVersion to, R template, Wire.Layout<R> layout) {
    return new RecordLayout<>(tag, type, EnumSet.range(from, to), template, layout);
  }

  static <R extends DumpRecord> RecordLayout<R> all(
      int tag, Class<R> type, R template, Wire.Layout<R> layout) {
    return of(tag, type, DumpVersion.GO1_3, DumpVersion.GO1_7, template, layout);
  }

  R decode(Wire wire) throws java.io.IOException {
    return layout.wire(wire, template);
  }

  @SuppressWarnings("unchecked")
  R wireAny(Wire wire, DumpRecord value) throws java.io.IOException {
    return layout.wire(wire, (R) value);
  }
}
