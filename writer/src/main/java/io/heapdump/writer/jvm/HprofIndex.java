package io.heapdump.writer.jvm;

import com.google.common.primitives.ImmutableLongArray;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import shark.GcRoot;
import shark.HprofHeader;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.StaticFieldRecord;
import shark.HprofRecord.LoadClassRecord;
import shark.HprofRecord.StackFrameRecord;
import shark.HprofRecord.StackTraceRecord;
import shark.HprofRecordReader;
import shark.HprofRecordTag;
import shark.StreamingHprofReader;
import shark.ValueHolder;

/**
 * The first, light pass over an HPROF file: everything small that the Go dump needs before or
 * besides the objects (strings, classes and their layouts, stack traces, GC roots), and the
 * bounds and counts of the objects, whose contents it skips. Memory grows with classes, strings
 * and roots, not with objects.
 */
final class HprofIndex {
  private static final String HPROF_MAGIC = "JAVA PROFILE ";

  /** Go dump description of each root kind that becomes an OtherRoot. */
  static final Map<HprofRecordTag, String> OTHER_ROOTS = new EnumMap<>(HprofRecordTag.class);

  static {
    OTHER_ROOTS.put(HprofRecordTag.ROOT_UNKNOWN, "unknown");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_JNI_GLOBAL, "jni global");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_JNI_LOCAL, "jni local");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_NATIVE_STACK, "native stack");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_STICKY_CLASS, "sticky class");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_THREAD_BLOCK, "thread block");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_MONITOR_USED, "monitor used");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_INTERNED_STRING, "interned string");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_FINALIZING, "finalizing");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_DEBUGGER, "debugger");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_REFERENCE_CLEANUP, "reference cleanup");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_VM_INTERNAL, "vm internal");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_JNI_MONITOR, "jni monitor");
    OTHER_ROOTS.put(HprofRecordTag.ROOT_UNREACHABLE, "unreachable");
  }

  /** A ROOT_THREAD_OBJECT: a live thread, its HPROF serial and its stack trace's serial. */
  record ThreadRoot(long objectId, int threadSerial, int stackTraceSerial) {}

  /** A root that becomes an OtherRoot record. */
  record OtherRootEntry(String description, long objectId) {}

  /** How far apart {@link #address} spreads object ids. */
  static final long ADDRESS_SPREAD = 2;

  final File file;
  final HprofHeader header;
  final int idSize;
  final Map<Long, String> strings = new HashMap<>();
  final Map<Long, ClassInfo> classes = new LinkedHashMap<>();
  final Map<Integer, Long> classIdBySerial = new HashMap<>();
  final Map<Long, StackFrameRecord> stackFrames = new HashMap<>();
  final Map<Integer, StackTraceRecord> stackTraces = new HashMap<>();
  final List<ThreadRoot> threads = new ArrayList<>();
  /** Java frame roots by thread serial and frame number ({@link #frameKey}). */
  final Map<Long, ImmutableLongArray.Builder> frameRoots = new HashMap<>();
  final List<OtherRootEntry> otherRoots = new ArrayList<>();
  /** Class ids of primitive arrays by HPROF basic type. */
  final long[] primitiveArrayClass = new long[12];
  final LongLongMap classIndex = new LongLongMap();
  ClassInfo[] classList;

  long gcRoots;
  long instances;
  long objectArrays;
  long primitiveArrays;
  long minObjectId = Long.MAX_VALUE;
  /** The end of the heap in dump addresses (see {@link #address}). */
  long heapEnd;
  /** The largest {@code 2 * id + contentsLength} seen: the heap end before the start is known. */
  private long spreadEnd;

  private final Map<Long, Long> classNameIds = new HashMap<>();
  private final List<ClassDumpRecord> classDumps = new ArrayList<>();
  private final LongLongMap maxInstanceIdByClass = new LongLongMap();

  private HprofIndex(File file, HprofHeader header) {
    this.file = file;
    this.header = header;
    this.idSize = header.getIdentifierByteSize();
  }

  static HprofIndex read(File file) throws IOException {
    checkMagic(file);
    HprofHeader header = HprofReading.run(file, () -> HprofHeader.Companion.parseHeaderOf(file));
    if (header.getIdentifierByteSize() != 4 && header.getIdentifierByteSize() != 8) {
      throw new HprofFormatException(file.toPath(),
          "HPROF identifier size " + header.getIdentifierByteSize()
          + " is not 4 or 8, so it cannot be a Go pointer size");
    }
    HprofIndex index = new HprofIndex(file, header);
    EnumSet<HprofRecordTag> tags = EnumSet.of(
        HprofRecordTag.STRING_IN_UTF8, HprofRecordTag.LOAD_CLASS, HprofRecordTag.STACK_FRAME,
        HprofRecordTag.STACK_TRACE, HprofRecordTag.CLASS_DUMP, HprofRecordTag.INSTANCE_DUMP,
        HprofRecordTag.OBJECT_ARRAY_DUMP, HprofRecordTag.PRIMITIVE_ARRAY_DUMP,
        HprofRecordTag.ROOT_JAVA_FRAME, HprofRecordTag.ROOT_THREAD_OBJECT);
    tags.addAll(OTHER_ROOTS.keySet());
    HprofReading.run(file, () -> StreamingHprofReader.Companion.readerFor(file, header)
        .readRecords(tags, index::onRecord));
    index.resolve();
    return index;
  }

  private static void checkMagic(File file) throws IOException {
    byte[] start = new byte[HPROF_MAGIC.length()];
    int n;
    try (InputStream in = new FileInputStream(file)) {
      n = in.readNBytes(start, 0, start.length);
    }
    if (n < start.length
        || !new String(start, StandardCharsets.ISO_8859_1).equals(HPROF_MAGIC)) {
      throw new HprofFormatException(file.toPath(), "not an HPROF file (it does not start with \""
          + HPROF_MAGIC + "\")");
    }
  }

  /**
   * The dump address of an HPROF object id: the heap start plus twice the id's distance from it.
   * Our contents widen compressed references and headers to whole words, so an object can take up
   * to twice the bytes it has in the JVM; spreading the ids keeps every object clear of the next.
   * A pure function of the id, so the transcoding needs no table of objects. 0 stays 0 (null).
   */
  long address(long id) {
    return id == 0 ? 0 : minObjectId + ADDRESS_SPREAD * (id - minObjectId);
  }

  static long frameKey(int threadSerial, int frameNumber) {
    return ((long) threadSerial << 32) | (frameNumber & 0xffffffffL);
  }

  private void onRecord(HprofRecordTag tag, long length, HprofRecordReader r) {
    switch (tag) {
      case STRING_IN_UTF8: {
        long id = r.readId();
        strings.put(id, r.readUtf8(length - idSize));
        break;
      }
      case LOAD_CLASS: {
        LoadClassRecord c = r.readLoadClassRecord();
        classIdBySerial.put(c.getClassSerialNumber(), c.getId());
        classNameIds.put(c.getId(), c.getClassNameStringId());
        break;
      }
      case STACK_FRAME: {
        StackFrameRecord f = r.readStackFrameRecord();
        stackFrames.put(f.getId(), f);
        break;
      }
      case STACK_TRACE: {
        StackTraceRecord t = r.readStackTraceRecord();
        stackTraces.put(t.getStackTraceSerialNumber(), t);
        break;
      }
      case CLASS_DUMP: {
        classDumps.add(r.readClassDumpRecord());
        break;
      }
      case INSTANCE_DUMP: {
        long id = r.readId();
        r.skip(4); // stack trace serial
        long classId = r.readId();
        r.skip(r.readInt());
        instances++;
        noteObject(id, 0);
        if (id > maxInstanceIdByClass.get(classId, 0)) {
          maxInstanceIdByClass.put(classId, id);
        }
        break;
      }
      case OBJECT_ARRAY_DUMP: {
        long id = r.readId();
        r.skip(4);
        int count = r.readInt();
        r.skip(idSize + (long) count * idSize);
        objectArrays++;
        noteObject(id, arrayContentsLength(count, idSize));
        break;
      }
      case PRIMITIVE_ARRAY_DUMP: {
        long id = r.readId();
        r.skip(4);
        int count = r.readInt();
        int type = r.readUnsignedByte();
        int elementSize = ClassInfo.sizeOf(type, idSize);
        r.skip((long) count * elementSize);
        primitiveArrays++;
        noteObject(id, arrayContentsLength(count, elementSize));
        break;
      }
      case ROOT_JAVA_FRAME: {
        GcRoot.JavaFrame f = r.readJavaFrameGcRootRecord();
        gcRoots++;
        frameRoots.computeIfAbsent(
            frameKey(f.getThreadSerialNumber(), f.getFrameNumber()),
            k -> ImmutableLongArray.builder()).add(f.getId());
        break;
      }
      case ROOT_THREAD_OBJECT: {
        GcRoot.ThreadObject t = r.readThreadObjectGcRootRecord();
        gcRoots++;
        threads.add(new ThreadRoot(t.getId(), t.getThreadSerialNumber(),
            t.getStackTraceSerialNumber()));
        break;
      }
      default: {
        gcRoots++;
        otherRoots.add(new OtherRootEntry(OTHER_ROOTS.get(tag), readRoot(tag, r).getId()));
      }
    }
  }

  /** Contents of an array in the Go dump: header word, length word, elements, padding. */
  long arrayContentsLength(int count, int elementSize) {
    long bytes = (long) count * elementSize;
    return 2L * idSize + (bytes + idSize - 1) / idSize * idSize;
  }

  private void noteObject(long id, long contentsLength) {
    minObjectId = Math.min(minObjectId, id);
    spreadEnd = Math.max(spreadEnd, ADDRESS_SPREAD * id + contentsLength);
  }

  private static GcRoot readRoot(HprofRecordTag tag, HprofRecordReader r) {
    switch (tag) {
      case ROOT_UNKNOWN: return r.readUnknownGcRootRecord();
      case ROOT_JNI_GLOBAL: return r.readJniGlobalGcRootRecord();
      case ROOT_JNI_LOCAL: return r.readJniLocalGcRootRecord();
      case ROOT_NATIVE_STACK: return r.readNativeStackGcRootRecord();
      case ROOT_STICKY_CLASS: return r.readStickyClassGcRootRecord();
      case ROOT_THREAD_BLOCK: return r.readThreadBlockGcRootRecord();
      case ROOT_MONITOR_USED: return r.readMonitorUsedGcRootRecord();
      case ROOT_INTERNED_STRING: return r.readInternedStringGcRootRecord();
      case ROOT_FINALIZING: return r.readFinalizingGcRootRecord();
      case ROOT_DEBUGGER: return r.readDebuggerGcRootRecord();
      case ROOT_REFERENCE_CLEANUP: return r.readReferenceCleanupGcRootRecord();
      case ROOT_VM_INTERNAL: return r.readVmInternalGcRootRecord();
      case ROOT_JNI_MONITOR: return r.readJniMonitorGcRootRecord();
      case ROOT_UNREACHABLE: return r.readUnreachableGcRootRecord();
      default: throw new IllegalArgumentException("not a root tag: " + tag);
    }
  }

  /** Names classes, computes their layouts, and the end of the heap, once everything is read. */
  private void resolve() throws IOException {
    for (ClassDumpRecord dump : classDumps) {
      classes.put(dump.getId(), new ClassInfo(dump, className(dump.getId())));
    }
    classList = classes.values().toArray(new ClassInfo[0]);
    for (int i = 0; i < classList.length; i++) {
      ClassInfo c = classList[i];
      c.resolve(classes, idSize);
      classIndex.put(c.id(), i);
      noteObject(c.id(), classObjectLayout(c)[c.dump.getStaticFields().size()]);
      int primitive = primitiveArrayType(c.name);
      if (primitive != 0) {
        primitiveArrayClass[primitive] = c.id();
      }
    }
    IOException[] missing = new IOException[1];
    maxInstanceIdByClass.forEach((classId, maxId) -> {
      long at = classIndex.get(classId, -1);
      if (at < 0) {
        missing[0] = new HprofFormatException(file.toPath(),
            "instance 0x" + Long.toHexString(maxId)
            + " is of class 0x" + Long.toHexString(classId) + ", which the file does not define");
      } else {
        spreadEnd = Math.max(spreadEnd, ADDRESS_SPREAD * maxId + classList[(int) at].contentsLength());
      }
    });
    if (missing[0] != null) {
      throw missing[0];
    }
    if (minObjectId == Long.MAX_VALUE) {
      minObjectId = 0;
    }
    heapEnd = spreadEnd - (ADDRESS_SPREAD - 1) * minObjectId;
  }

  /** The class's binary name ({@code java.lang.String}, {@code [I}) as Class.getName() gives. */
  private String className(long classId) {
    String name = strings.get(classNameIds.getOrDefault(classId, 0L));
    return name == null ? "unknown@0x" + Long.toHexString(classId) : name.replace('/', '.');
  }

  /** The HPROF basic type of a primitive array class's elements, or 0. */
  private static int primitiveArrayType(String name) {
    switch (name) {
      case "[Z": return 4;
      case "[C": return 5;
      case "[F": return 6;
      case "[D": return 7;
      case "[B": return 8;
      case "[S": return 9;
      case "[I": return 10;
      case "[J": return 11;
      default: return 0;
    }
  }

  /**
   * A class object's layout: header word (java.lang.Class), superclass word, class loader word,
   * then the static fields from the fourth word on; the last element is the contents length.
   */
  int[] classObjectLayout(ClassInfo c) {
    List<StaticFieldRecord> statics = c.dump.getStaticFields();
    int[] types = new int[statics.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = statics.get(i).getType();
    }
    return ClassInfo.layout(types, idSize, 3 * idSize);
  }

  /** The class named {@code name}, or null. */
  ClassInfo classNamed(String name) {
    for (ClassInfo c : classList) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    return null;
  }

  /** The value of a reference static field of {@code c}, or 0. */
  long staticReference(ClassInfo c, String fieldName) {
    if (c == null) {
      return 0;
    }
    for (StaticFieldRecord f : c.dump.getStaticFields()) {
      if (fieldName.equals(strings.get(f.getNameStringId()))
          && f.getValue() instanceof ValueHolder.ReferenceHolder ref) {
        return ref.getValue();
      }
    }
    return 0;
  }

  long objectCount() {
    return instances + objectArrays + primitiveArrays + classList.length;
  }
}
