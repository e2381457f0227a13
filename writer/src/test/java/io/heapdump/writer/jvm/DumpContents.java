package io.heapdump.writer.jvm;

import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.WordFormat;
import io.heapdump.reader.DumpReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A JVM dump read back whole, for tests (test JVM heaps are small). */
final class DumpContents {
  /** An object's bytes and pointer word offsets. */
  record Obj(long address, byte[] contents, FieldList fields) {}

  /** A goroutine and its frames. */
  record Routine(Goroutine goroutine, List<StackFrame> frames) {}

  DumpParams params;
  WordFormat format;
  MemStats memStats;
  final Map<Long, TypeRecord> types = new HashMap<>();
  final Map<Long, Obj> objects = new HashMap<>();
  final List<Routine> routines = new ArrayList<>();
  final List<DumpRecord> others = new ArrayList<>();

  static DumpContents read(Path dump) throws IOException {
    DumpContents d = new DumpContents();
    try (DumpReader reader = DumpReader.open(dump)) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        if (r instanceof DumpParams p) {
          d.params = p;
          d.format = p.wordFormat();
        } else if (r instanceof TypeRecord t) {
          d.types.put(t.address(), t);
        } else if (r instanceof ObjectRecord o) {
          d.objects.put(o.address(), new Obj(o.address(), o.contents().toByteArray(), o.fields()));
        } else if (r instanceof Goroutine g) {
          d.routines.add(new Routine(g, new ArrayList<>()));
        } else if (r instanceof StackFrame f) {
          d.routines.get(d.routines.size() - 1).frames().add(f);
        } else if (r instanceof MemStats m) {
          d.memStats = m;
        } else {
          d.others.add(r);
        }
      }
    }
    return d;
  }

  /** The pointer-sized big-endian word at {@code offset}. */
  long word(byte[] contents, long offset) {
    long v = 0;
    for (int i = 0; i < format.pointerSize(); i++) {
      v = (v << 8) | (contents[(int) offset + i] & 0xff);
    }
    return v;
  }

  /** The type an object's header word names. */
  TypeRecord typeOf(Obj o) {
    return types.get(word(o.contents(), 0));
  }

  /** The class id of the type called {@code name}, or 0. */
  long typeId(String name) {
    return types.values().stream().filter(t -> t.name().equals(name)).mapToLong(TypeRecord::address)
        .findFirst().orElse(0);
  }
}
