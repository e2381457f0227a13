package io.heapdump.writer.jvm;

import com.google.common.primitives.ImmutableLongArray;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first, light pass over an HPROF file: everything small that the Go dump needs before or
 * besides the objects (strings, classes and their layouts, stack traces, GC roots), and the
 * bounds and counts of the objects, whose contents it skips. Memory grows with classes, strings
 * and roots, not with objects.
 */
final class HprofIndex {
  /** A ROOT_THREAD_OBJECT: a live thread, its HPROF serial and its stack trace's serial. */
  record ThreadRoot(long objectId, int threadSerial, int stackTraceSerial) {}

  /** A root that becomes an OtherRoot record. */
  record OtherRootEntry(String description, long objectId) {}

  /** A STACK_FRAME record: the method's name (a string id), its class's serial, its line. */
  record Frame(long methodNameId, int classSerial, int line) {}

  /** How far apart {@link #address} spreads object ids. */
  static final long ADDRESS_SPREAD = 2;

  final HprofFile file;
  final int idSize;
  /** The strings the conversion uses (names of classes, fields, methods), by id. */
  final Map<Long, String> strings = new HashMap<>();
  final Map<Long, ClassInfo> classes = new LinkedHashMap<>();
  final Map<Integer, Long> classIdBySerial = new HashMap<>();
  final Map<Long, Frame> stackFrames = new HashMap<>();
  /** Frame ids of each stack trace, by the trace's serial. */
  final Map<Integer, long[]> stackTraces = new HashMap<>();
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
  /** Where each string's record starts: most are never needed, so they are decoded on demand. */
  private final LongLongMap stringRecords = new LongLongMap();
  private final List<ClassDump> classDumps = new ArrayList<>();
  // The instance with the largest id, whose end is the instances' end: the address spread keeps
  // each object clear of the next (see address()), so no instance with a smaller id ends later.
  private long lastInstanceId;
  private long lastInstanceClassId;

  private HprofIndex(HprofFile file) {
    this.file = file;
    this.idSize = file.idSize();
  }

  /** Reads the index from the start of {@code file}, which it leaves at its end. */
  static HprofIndex read(HprofFile file) throws IOException {
    HprofIndex index = new HprofIndex(file);
    file.rewind();
    for (int kind = file.next(); kind >= 0; kind = file.next()) {
      index.onRecord(kind);
    }
    index.resolve();
    return index;
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

  /** Go dump description of a root kind that becomes an OtherRoot, or null. */
  static String otherRootName(int kind) {
    switch (kind) {
      case HprofFile.ROOT_UNKNOWN: return "unknown";
      case HprofFile.ROOT_JNI_GLOBAL: return "jni global";
      case HprofFile.ROOT_JNI_LOCAL: return "jni local";
      case HprofFile.ROOT_NATIVE_STACK: return "native stack";
      case HprofFile.ROOT_STICKY_CLASS: return "sticky class";
      case HprofFile.ROOT_THREAD_BLOCK: return "thread block";
      case HprofFile.ROOT_MONITOR_USED: return "monitor used";
      case HprofFile.ROOT_INTERNED_STRING: return "interned string";
      case HprofFile.ROOT_FINALIZING: return "finalizing";
      case HprofFile.ROOT_DEBUGGER: return "debugger";
      case HprofFile.ROOT_REFERENCE_CLEANUP: return "reference cleanup";
      case HprofFile.ROOT_VM_INTERNAL: return "vm internal";
      case HprofFile.ROOT_JNI_MONITOR: return "jni monitor";
      case HprofFile.ROOT_UNREACHABLE: return "unreachable";
      default: return null;
    }
  }

  private void onRecord(int kind) throws IOException {
    HprofFile f = file;
    switch (kind) {
      case HprofFile.STRING_IN_UTF8: {
        long id = f.readId();
        if (id != 0 && f.bodyLength() >= idSize) {
          stringRecords.put(id, f.recordStart());
        }
        break;
      }
      case HprofFile.LOAD_CLASS: {
        int serial = f.readU4();
        long classId = f.readId();
        f.readU4(); // stack trace serial
        classIdBySerial.put(serial, classId);
        classNameIds.put(classId, f.readId());
        break;
      }
      case HprofFile.STACK_FRAME: {
        long frameId = f.readId();
        long methodName = f.readId();
        f.readId(); // signature
        f.readId(); // source file
        int classSerial = f.readU4();
        stackFrames.put(frameId, new Frame(methodName, classSerial, f.readU4()));
        break;
      }
      case HprofFile.STACK_TRACE: {
        int serial = f.readU4();
        f.readU4(); // thread serial
        int count = f.readU4();
        if (count < 0 || count > f.bodyLength() / idSize) {
          throw f.format("stack trace " + serial + " claims " + (count & 0xffffffffL)
              + " frames, more than its record holds");
        }
        long[] frames = new long[count];
        for (int i = 0; i < frames.length; i++) {
          frames[i] = f.readId();
        }
        stackTraces.put(serial, frames);
        break;
      }
      case HprofFile.CLASS_DUMP:
        classDumps.add(f.classDump());
        break;
      case HprofFile.INSTANCE_DUMP: {
        long id = f.id();
        long classId = f.classId();
        instances++;
        noteObject(id, 0);
        if (id > lastInstanceId) {
          lastInstanceId = id;
          lastInstanceClassId = classId;
        }
        break;
      }
      case HprofFile.OBJECT_ARRAY_DUMP:
        objectArrays++;
        noteObject(f.id(), arrayContentsLength(f.count(), idSize));
        break;
      case HprofFile.PRIMITIVE_ARRAY_DUMP:
        primitiveArrays++;
        noteObject(f.id(),
            arrayContentsLength(f.count(), ClassInfo.sizeOf(f.elementType(), idSize)));
        break;
      case HprofFile.ROOT_JAVA_FRAME:
        gcRoots++;
        frameRoots.computeIfAbsent(frameKey(f.serial(), f.number()),
            k -> ImmutableLongArray.builder()).add(f.id());
        break;
      case HprofFile.ROOT_THREAD_OBJECT:
        gcRoots++;
        threads.add(new ThreadRoot(f.id(), f.serial(), f.number()));
        break;
      default: {
        String root = otherRootName(kind);
        if (root != null) {
          gcRoots++;
          otherRoots.add(new OtherRootEntry(root, f.id()));
        }
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

  /** Names classes, computes their layouts, and the end of the heap, once everything is read. */
  private void resolve() throws IOException {
    for (long nameId : classNameIds.values()) {
      decodeString(nameId);
    }
    for (Frame frame : stackFrames.values()) {
      decodeString(frame.methodNameId());
    }
    for (ClassDump dump : classDumps) {
      for (long nameId : dump.staticNameIds()) {
        decodeString(nameId);
      }
      for (long nameId : dump.fieldNameIds()) {
        decodeString(nameId);
      }
    }
    for (ClassDump dump : classDumps) {
      classes.put(dump.id(), new ClassInfo(dump, className(dump.id())));
    }
    classList = classes.values().toArray(new ClassInfo[0]);
    for (int i = 0; i < classList.length; i++) {
      ClassInfo c = classList[i];
      c.resolve(classes, idSize);
      classIndex.put(c.id(), i);
      noteObject(c.id(), classObjectLayout(c)[c.dump.staticTypes().length]);
      int primitive = primitiveArrayType(c.name);
      if (primitive != 0) {
        primitiveArrayClass[primitive] = c.id();
      }
    }
    if (lastInstanceId != 0) {
      spreadEnd = Math.max(spreadEnd, ADDRESS_SPREAD * lastInstanceId
          + classOf(lastInstanceId, lastInstanceClassId).contentsLength());
    }
    if (minObjectId == Long.MAX_VALUE) {
      minObjectId = 0;
    }
    heapEnd = spreadEnd - (ADDRESS_SPREAD - 1) * minObjectId;
  }

  private void decodeString(long id) throws IOException {
    long at = stringRecords.get(id, -1);
    if (at >= 0 && !strings.containsKey(id)) {
      strings.put(id, file.stringAt(at));
    }
  }

  /** The class of an instance; fails if the file does not define it. */
  ClassInfo classOf(long instanceId, long classId) throws HprofFormatException {
    long at = classIndex.get(classId, -1);
    if (at < 0) {
      throw new HprofFormatException(file.path(), "instance 0x" + Long.toHexString(instanceId)
          + " is of class 0x" + Long.toHexString(classId) + ", which the file does not define");
    }
    return classList[(int) at];
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
    return ClassInfo.layout(c.dump.staticTypes(), idSize, 3 * idSize);
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
    ClassDump d = c.dump;
    for (int i = 0; i < d.staticTypes().length; i++) {
      if (d.staticTypes()[i] == ClassInfo.REFERENCE
          && fieldName.equals(strings.get(d.staticNameIds()[i]))) {
        return d.staticValues()[i];
      }
    }
    return 0;
  }

  long objectCount() {
    return instances + objectArrays + primitiveArrays + classList.length;
  }
}
