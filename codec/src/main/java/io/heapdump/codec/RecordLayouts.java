package io.heapdump.codec;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The registry of every record layout: by tag for each version, and by record class. */
final class RecordLayouts {
  private RecordLayouts() {}

  /** Every record layout. A record type missing here fails {@code RecordLayoutsTest}. */
  static final List<RecordLayout<?>> ALL = List.of(
      Eof.LAYOUT, ObjectRecord.LAYOUT, ObjectRecordGo13.LAYOUT, OtherRoot.LAYOUT,
      TypeRecord.LAYOUT, TypeRecordGo13.LAYOUT, Goroutine.LAYOUT, StackFrame.LAYOUT,
      Params.LAYOUT, ParamsGo14.LAYOUT, ParamsGo13.LAYOUT, Finalizer.LAYOUT, Itab.LAYOUT,
      ItabGo13.LAYOUT, OsThread.LAYOUT, MemStats.LAYOUT, QueuedFinalizer.LAYOUT,
      DataSegment.LAYOUT, BssSegment.LAYOUT, Defer.LAYOUT, Panic.LAYOUT, MemProfileBucket.LAYOUT,
      AllocSample.LAYOUT);

  /** The highest tag any version uses. */
  static final int MAX_TAG = 17;

  private static final Map<DumpVersion, RecordLayout<?>[]> BY_TAG = new EnumMap<>(DumpVersion.class);
  private static final Map<Class<?>, RecordLayout<?>> BY_TYPE = new HashMap<>();

  static {
    for (DumpVersion version : DumpVersion.values()) {
      BY_TAG.put(version, new RecordLayout<?>[MAX_TAG + 1]);
    }
    for (RecordLayout<?> layout : ALL) {
      BY_TYPE.put(layout.type(), layout);
      for (DumpVersion version : layout.versions()) {
        RecordLayout<?>[] table = BY_TAG.get(version);
        if (table[layout.tag()] != null) {
          throw new AssertionError("two layouts for tag " + layout.tag() + " in " + version);
        }
        table[layout.tag()] = layout;
      }
    }
  }

  /** The layout of {@code tag} in {@code version}, or null when the version has no such tag. */
  static RecordLayout<?> forTag(DumpVersion version, long tag) {
    RecordLayout<?>[] table = BY_TAG.get(version);
    return tag >= 0 && tag < table.length ? table[(int) tag] : null;
  }

  /** The layout of a record's class. */
  static RecordLayout<?> forType(Class<? extends DumpRecord> type) {
    return BY_TYPE.get(type);
  }

  /** A short name for a tag, for messages. */
  static String nameOfTag(long tag) {
    if (tag < 0 || tag > MAX_TAG) {
      return "unknown";
    }
    switch ((int) tag) {
      case 0: return "eof";
      case 1: return "object";
      case 2: return "other root";
      case 3: return "type";
      case 4: return "goroutine";
      case 5: return "stack frame";
      case 6: return "params";
      case 7: return "finalizer";
      case 8: return "itab";
      case 9: return "os thread";
      case 10: return "memstats";
      case 11: return "queued finalizer";
      case 12: return "data segment";
      case 13: return "bss segment";
      case 14: return "defer";
      case 15: return "panic";
      case 16: return "memprof bucket";
      case 17: return "alloc sample";
      default: return "unknown";
    }
  }
}
