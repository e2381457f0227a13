package io.heapdump.writer.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import shark.GcRoot;
import shark.HprofHeader;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.FieldRecord;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.StaticFieldRecord;
import shark.HprofRecordReader;
import shark.HprofRecordTag;
import shark.StreamingHprofReader;
import shark.ValueHolder;

/**
 * Our HPROF reader against shark-hprof's on a heap dump of this JVM (every record of the kinds
 * the conversion reads, digested in file order), across small mapping windows, and on malformed
 * files.
 */
class HprofFileTest {
  @TempDir static Path dir;
  private static Path hprof;
  private static String shark;

  /** What a reader saw: per kind of record, their count and a digest of them in file order. */
  private static final class Digest {
    private final Map<String, Hasher> hashers = new TreeMap<>();
    private final Map<String, Integer> counts = new TreeMap<>();

    /** Counts one record of {@code kind} and returns the hasher its contents go to. */
    Hasher record(String kind) {
      counts.merge(kind, 1, Integer::sum);
      return hashers.computeIfAbsent(kind, k -> Hashing.murmur3_128().newHasher());
    }

    int count(String kind) {
      return counts.getOrDefault(kind, 0);
    }

    /** Counts and digests; call once. */
    String summary() {
      StringBuilder s = new StringBuilder();
      counts.forEach((kind, n) -> s.append(kind).append(": ").append(n).append(" records, ")
          .append(hashers.get(kind).hash()).append('\n'));
      return s.toString();
    }
  }

  @BeforeAll
  static void dumpThisJvm() throws IOException {
    hprof = dir.resolve("test.hprof");
    ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
        .dumpHeap(hprof.toString(), true);
    shark = readWithShark(hprof).summary();
  }

  @Test
  void readsWhatSharkReads() throws IOException {
    Digest ours = readWithOurs(hprof, HprofFile.DEFAULT_WINDOW);
    assertTrue(ours.count("instance") > 10_000 && ours.count("class") > 500
        && ours.count("root") > 0 && ours.count("string") > 1000, shark);
    assertEquals(shark, ours.summary());
  }

  @Test
  void readsTheSameThroughSmallWindows() throws IOException {
    // Odd window sizes put record headers, field values and arrays across window boundaries.
    assertEquals(shark, readWithOurs(hprof, 4093).summary());
    assertEquals(shark, readWithOurs(hprof, 65_537).summary());
  }

  @Test
  void readsHandBuiltRecordsWithFourByteIds() throws IOException {
    Path file = write(4, heap -> {
      heap.writeByte(0x21); // instance
      heap.writeInt(0xfffffff0); // id above 2^31: zero-extended
      heap.writeInt(7);
      heap.writeInt(0x1000); // class
      heap.writeInt(3);
      heap.write(new byte[] {1, 2, 3});
      heap.writeByte(0x23); // primitive array
      heap.writeInt(0x2000);
      heap.writeInt(0);
      heap.writeInt(2);
      heap.writeByte(9); // short
      heap.writeShort(-2);
      heap.writeShort(5);
      heap.writeByte(0x08); // thread object root
      heap.writeInt(0x3000);
      heap.writeInt(11);
      heap.writeInt(12);
    });
    try (HprofFile f = HprofFile.open(file)) {
      assertEquals(4, f.idSize());
      assertEquals(HprofFile.INSTANCE_DUMP, f.next());
      assertEquals(0xfffffff0L, f.id());
      assertEquals(0x1000, f.classId());
      byte[] values = new byte[3];
      f.read(values, 0, 3);
      assertArrayEquals(new byte[] {1, 2, 3}, values);
      assertEquals(HprofFile.PRIMITIVE_ARRAY_DUMP, f.next());
      assertEquals(0x2000, f.id());
      assertEquals(2, f.count());
      assertEquals(9, f.elementType());
      assertEquals(4, f.bodyLength());
      // Not reading the body: next() skips it.
      assertEquals(HprofFile.ROOT_THREAD_OBJECT, f.next());
      assertEquals(0x3000, f.id());
      assertEquals(11, f.serial());
      assertEquals(12, f.number());
      assertEquals(0x2c, f.next()); // heap dump end, a top-level record
      assertEquals(0, f.bodyLength());
      assertEquals(-1, f.next());
    }
  }

  @Test
  void aTruncatedFileFailsWithItsOffset() throws IOException {
    Path truncated = dir.resolve("truncated.hprof");
    byte[] all = Files.readAllBytes(hprof);
    Files.write(truncated, Arrays.copyOf(all, all.length / 2));
    HprofFormatException e =
        assertThrows(HprofFormatException.class, () -> readWithOurs(truncated, 1 << 20));
    assertTrue(e.getMessage().startsWith(truncated + ": truncated: "), e.getMessage());
    assertTrue(e.getMessage().contains("runs past the end of the file (" + all.length / 2
        + " bytes)"), e.getMessage());
  }

  @Test
  void anUnknownSubRecordTagFails() throws IOException {
    Path file = write(8, heap -> heap.writeByte(0x77));
    HprofFormatException e =
        assertThrows(HprofFormatException.class, () -> readWithOurs(file, 1 << 20));
    assertTrue(e.getMessage().contains("unknown heap dump sub-record tag 0x77"), e.getMessage());
    assertEquals(file, e.file());
  }

  @Test
  void anUnknownBasicTypeFails() throws IOException {
    Path file = write(8, heap -> {
      heap.writeByte(0x23);
      heap.writeLong(0x2000);
      heap.writeInt(0);
      heap.writeInt(1);
      heap.writeByte(3); // no such type
    });
    HprofFormatException e =
        assertThrows(HprofFormatException.class, () -> readWithOurs(file, 1 << 20));
    assertTrue(e.getMessage().contains("unknown HPROF basic type 3"), e.getMessage());
  }

  @Test
  void anArrayWithoutItsElementsIsRefused() throws IOException {
    Path file = write(8, heap -> {
      heap.writeByte(0xc3); // PRIMITIVE_ARRAY_NODATA
      heap.writeLong(0x2000);
      heap.writeInt(0);
      heap.writeInt(10);
      heap.writeByte(10);
    });
    HprofFormatException e =
        assertThrows(HprofFormatException.class, () -> readWithOurs(file, 1 << 20));
    assertTrue(e.getMessage().contains("primitive array 0x2000 was dumped without its elements"),
        e.getMessage());
  }

  @Test
  void aSubRecordPastItsSegmentFails() throws IOException {
    Path file = write(8, heap -> {
      heap.writeByte(0x21);
      heap.writeLong(0x1000);
      heap.writeInt(0);
      heap.writeLong(0x2000);
      heap.writeInt(100); // claims 100 bytes, the segment ends here
    });
    HprofFormatException e =
        assertThrows(HprofFormatException.class, () -> readWithOurs(file, 1 << 20));
    assertTrue(e.getMessage().contains("past the end of its heap dump segment"), e.getMessage());
  }

  @Test
  void wrongMagicAndIdSizeFail() throws IOException {
    Path text = dir.resolve("text.hprof");
    Files.writeString(text, "JAVA PROFILE? no\n".repeat(8));
    assertThrows(HprofFormatException.class, () -> HprofFile.open(text).close());
    Path idSize = write(2, heap -> {});
    HprofFormatException e = assertThrows(HprofFormatException.class, () -> HprofFile.open(idSize));
    assertTrue(e.getMessage().contains("identifier size 2"), e.getMessage());
  }

  /** A file with the header and one heap dump segment holding what {@code heap} writes. */
  private static Path write(int idSize, IoConsumer<DataOutputStream> heap) throws IOException {
    ByteArrayOutputStream segment = new ByteArrayOutputStream();
    heap.accept(new DataOutputStream(segment));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write("JAVA PROFILE 1.0.2\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeInt(idSize);
    out.writeLong(0);
    out.writeByte(0x1c);
    out.writeInt(0);
    out.writeInt(segment.size());
    out.write(segment.toByteArray());
    out.writeByte(0x2c); // heap dump end
    out.writeInt(0);
    out.writeInt(0);
    Path file = Files.createTempFile(dir, "built", ".hprof");
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }

  private static Digest readWithOurs(Path file, long window) throws IOException {
    Digest d = new Digest();
    try (HprofFile f = HprofFile.open(file, window)) {
      for (int kind = f.next(); kind >= 0; kind = f.next()) {
        switch (kind) {
          case HprofFile.STRING_IN_UTF8:
            d.record("string").putLong(f.readId()).putString(f.stringAt(f.recordStart()), StandardCharsets.UTF_8);
            break;
          case HprofFile.CLASS_DUMP: {
            ClassDump c = f.classDump();
            Hasher h = d.record("class");
            h.putLong(c.id()).putLong(c.superclassId()).putLong(c.classLoaderId())
                .putInt(c.instanceSize());
            for (int i = 0; i < c.staticTypes().length; i++) {
              h.putLong(c.staticNameIds()[i]).putInt(c.staticTypes()[i])
                  .putLong(asShark(c.staticTypes()[i], c.staticValues()[i]));
            }
            for (int i = 0; i < c.fieldTypes().length; i++) {
              h.putLong(c.fieldNameIds()[i]).putInt(c.fieldTypes()[i]);
            }
            break;
          }
          case HprofFile.INSTANCE_DUMP:
            d.record("instance").putLong(f.id()).putLong(f.classId()).putBytes(body(f));
            break;
          case HprofFile.OBJECT_ARRAY_DUMP:
            d.record("object array").putLong(f.id()).putLong(f.classId()).putInt(f.count()).putBytes(body(f));
            break;
          case HprofFile.PRIMITIVE_ARRAY_DUMP:
            d.record("primitive array").putLong(f.id()).putInt(f.elementType()).putInt(f.count()).putBytes(body(f));
            break;
          default:
            if (HprofIndex.otherRootName(kind) != null || kind == HprofFile.ROOT_JAVA_FRAME
                || kind == HprofFile.ROOT_THREAD_OBJECT) {
              d.record("root").putInt(kind).putLong(f.id());
            }
        }
      }
    }
    return d;
  }

  /**
   * A static's value as shark gives it: shark decodes a char through UTF-16, which turns a lone
   * surrogate (0xdfff in a JDK class, say) into U+FFFD; we keep the char as it is.
   */
  private static long asShark(int type, long value) {
    return type == 5 && Character.isSurrogate((char) value) ? 0xfffd : value;
  }

  private static byte[] body(HprofFile f) throws IOException {
    byte[] b = new byte[f.bodyLength()];
    f.read(b, 0, b.length);
    return b;
  }

  private static Digest readWithShark(Path file) {
    Digest d = new Digest();
    EnumSet<HprofRecordTag> tags = EnumSet.of(HprofRecordTag.STRING_IN_UTF8,
        HprofRecordTag.CLASS_DUMP, HprofRecordTag.INSTANCE_DUMP, HprofRecordTag.OBJECT_ARRAY_DUMP,
        HprofRecordTag.PRIMITIVE_ARRAY_DUMP);
    tags.addAll(ROOT_TAGS);
    HprofHeader header = HprofHeader.Companion.parseHeaderOf(file.toFile());
    StreamingHprofReader.Companion.readerFor(file.toFile(), header).readRecords(tags,
        (tag, length, r) -> {
          switch (tag) {
            case STRING_IN_UTF8:
              d.record("string").putLong(r.readId()).putString(
                  r.readString((int) length - header.getIdentifierByteSize(),
                      StandardCharsets.UTF_8), StandardCharsets.UTF_8);
              break;
            case CLASS_DUMP: {
              ClassDumpRecord c = r.readClassDumpRecord();
              Hasher h = d.record("class");
              h.putLong(c.getId()).putLong(c.getSuperclassId()).putLong(c.getClassLoaderId())
                  .putInt(c.getInstanceSize());
              for (StaticFieldRecord s : c.getStaticFields()) {
                h.putLong(s.getNameStringId()).putInt(s.getType()).putLong(bits(s.getValue()));
              }
              for (FieldRecord f : c.getFields()) {
                h.putLong(f.getNameStringId()).putInt(f.getType());
              }
              break;
            }
            case INSTANCE_DUMP: {
              long id = r.readId();
              r.skip(4);
              d.record("instance").putLong(id).putLong(r.readId()).putBytes(r.readByteArray(r.readInt()));
              break;
            }
            case OBJECT_ARRAY_DUMP: {
              long id = r.readId();
              r.skip(4);
              int count = r.readInt();
              d.record("object array").putLong(id).putLong(r.readId()).putInt(count)
                  .putBytes(r.readByteArray(count * header.getIdentifierByteSize()));
              break;
            }
            case PRIMITIVE_ARRAY_DUMP: {
              long id = r.readId();
              r.skip(4);
              int count = r.readInt();
              int type = r.readUnsignedByte();
              d.record("primitive array").putLong(id).putInt(type).putInt(count)
                  .putBytes(r.readByteArray(count * r.sizeOf(type)));
              break;
            }
            default:
              d.record("root").putInt(HprofFile.SUB_RECORD | tag.getTag()).putLong(readRoot(tag, r).getId());
          }
        });
    return d;
  }

  private static final EnumSet<HprofRecordTag> ROOT_TAGS = EnumSet.of(
      HprofRecordTag.ROOT_UNKNOWN, HprofRecordTag.ROOT_JNI_GLOBAL, HprofRecordTag.ROOT_JNI_LOCAL,
      HprofRecordTag.ROOT_JAVA_FRAME, HprofRecordTag.ROOT_NATIVE_STACK,
      HprofRecordTag.ROOT_STICKY_CLASS, HprofRecordTag.ROOT_THREAD_BLOCK,
      HprofRecordTag.ROOT_MONITOR_USED, HprofRecordTag.ROOT_THREAD_OBJECT,
      HprofRecordTag.ROOT_INTERNED_STRING, HprofRecordTag.ROOT_FINALIZING,
      HprofRecordTag.ROOT_DEBUGGER, HprofRecordTag.ROOT_REFERENCE_CLEANUP,
      HprofRecordTag.ROOT_VM_INTERNAL, HprofRecordTag.ROOT_JNI_MONITOR,
      HprofRecordTag.ROOT_UNREACHABLE);

  private static GcRoot readRoot(HprofRecordTag tag, HprofRecordReader r) {
    switch (tag) {
      case ROOT_UNKNOWN: return r.readUnknownGcRootRecord();
      case ROOT_JNI_GLOBAL: return r.readJniGlobalGcRootRecord();
      case ROOT_JNI_LOCAL: return r.readJniLocalGcRootRecord();
      case ROOT_JAVA_FRAME: return r.readJavaFrameGcRootRecord();
      case ROOT_NATIVE_STACK: return r.readNativeStackGcRootRecord();
      case ROOT_STICKY_CLASS: return r.readStickyClassGcRootRecord();
      case ROOT_THREAD_BLOCK: return r.readThreadBlockGcRootRecord();
      case ROOT_MONITOR_USED: return r.readMonitorUsedGcRootRecord();
      case ROOT_THREAD_OBJECT: return r.readThreadObjectGcRootRecord();
      case ROOT_INTERNED_STRING: return r.readInternedStringGcRootRecord();
      case ROOT_FINALIZING: return r.readFinalizingGcRootRecord();
      case ROOT_DEBUGGER: return r.readDebuggerGcRootRecord();
      case ROOT_REFERENCE_CLEANUP: return r.readReferenceCleanupGcRootRecord();
      case ROOT_VM_INTERNAL: return r.readVmInternalGcRootRecord();
      case ROOT_JNI_MONITOR: return r.readJniMonitorGcRootRecord();
      case ROOT_UNREACHABLE: return r.readUnreachableGcRootRecord();
      default: throw new AssertionError("not a root tag: " + tag);
    }
  }

  /** A static's value as the low bits of a long, as HPROF stores it. */
  private static long bits(ValueHolder v) {
    if (v instanceof ValueHolder.ReferenceHolder x) {
      return x.getValue();
    } else if (v instanceof ValueHolder.BooleanHolder x) {
      return x.getValue() ? 1 : 0;
    } else if (v instanceof ValueHolder.ByteHolder x) {
      return x.getValue() & 0xffL;
    } else if (v instanceof ValueHolder.CharHolder x) {
      return x.getValue();
    } else if (v instanceof ValueHolder.ShortHolder x) {
      return x.getValue() & 0xffffL;
    } else if (v instanceof ValueHolder.IntHolder x) {
      return x.getValue() & 0xffffffffL;
    } else if (v instanceof ValueHolder.FloatHolder x) {
      return Float.floatToRawIntBits(x.getValue()) & 0xffffffffL;
    } else if (v instanceof ValueHolder.LongHolder x) {
      return x.getValue();
    } else if (v instanceof ValueHolder.DoubleHolder x) {
      return Double.doubleToRawLongBits(x.getValue());
    }
    throw new AssertionError("unknown value " + v);
  }
}
