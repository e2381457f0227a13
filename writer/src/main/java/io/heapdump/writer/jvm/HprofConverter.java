package io.heapdump.writer.jvm;

import com.google.common.primitives.ImmutableLongArray;
import com.google.common.primitives.Ints;
import com.google.common.primitives.Longs;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Params;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.writer.DumpWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import shark.HprofRecord.HeapDumpRecord.ObjectRecord.ClassDumpRecord.StaticFieldRecord;
import shark.HprofRecord.StackFrameRecord;
import shark.HprofRecord.StackTraceRecord;
import shark.HprofRecordReader;
import shark.HprofRecordTag;
import shark.StreamingHprofReader;
import shark.ValueHolder;

/**
 * Transcodes an HPROF file into a go1.7 dump in two streaming passes: {@link HprofIndex} reads
 * the small things, then this class streams every instance and array straight into a
 * {@link DumpWriter}. See docs/jvm-mapping.md for the mapping.
 */
final class HprofConverter {
  /** Object arrays shorter than this share cached field lists. */
  private static final int CACHED_ARRAY_FIELDS = 64;
  /** Synthetic stacks start at this alignment past the heap, one page apart. */
  private static final long STACK_ALIGN = 1 << 16;
  private static final long STACK_GAP = 1 << 12;

  private final HprofIndex index;
  private final DumpWriter out;
  private final int ptr;
  private final FieldList[] arrayFields = new FieldList[CACHED_ARRAY_FIELDS];
  private byte[] scratch = new byte[256];
  private ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);

  // Objects of interest met in the object pass.
  private final LongLongMap threadRootIndex = new LongLongMap();
  private final ThreadFacts[] threadFacts;
  private final Map<Long, int[]> threadFieldOffsets = new HashMap<>();
  private final LongLongMap groupParents = new LongLongMap();
  // Since JDK 19 a thread's status and group live in its Thread$FieldHolder.
  private final LongLongMap holderStatus = new LongLongMap();
  private final LongLongMap holderGroup = new LongLongMap();
  private final ImmutableLongArray.Builder finalizers = ImmutableLongArray.builder();
  private final ImmutableLongArray.Builder queuedFinalizers = ImmutableLongArray.builder();
  private final long finalizerClass;
  private final long threadGroupClass;
  private final int groupParentOffset;
  private final long holderClass;
  private final int holderStatusOffset;
  private final int holderGroupOffset;
  private final int referentOffset;
  private final int queueOffset;
  private final int discoveredOffset;
  private final long enqueuedQueue;
  private final long nullQueue;

  /**
   * The fields of a java.lang.Thread instance that the goroutine record needs; status and group
   * are -1 and 0 when they are in the thread's {@code holder} (JDK 19 and later).
   */
  private record ThreadFacts(long tid, int status, long eetop, long group, long holder) {}

  private HprofConverter(HprofIndex index, DumpWriter out) {
    this.index = index;
    this.out = out;
    this.ptr = index.idSize;
    this.threadFacts = new ThreadFacts[index.threads.size()];
    for (int i = 0; i < index.threads.size(); i++) {
      threadRootIndex.put(index.threads.get(i).objectId(), i);
    }
    ClassInfo finalizer = index.classNamed("java.lang.ref.Finalizer");
    finalizerClass = finalizer == null ? 0 : finalizer.id();
    referentOffset = finalizer == null ? -1 : finalizer.hprofOffsetOf("referent", index.strings);
    queueOffset = finalizer == null ? -1 : finalizer.hprofOffsetOf("queue", index.strings);
    discoveredOffset =
        finalizer == null ? -1 : finalizer.hprofOffsetOf("discovered", index.strings);
    ClassInfo queue = index.classNamed("java.lang.ref.ReferenceQueue");
    enqueuedQueue = index.staticReference(queue, "ENQUEUED");
    nullQueue = index.staticReference(queue, "NULL");
    ClassInfo group = index.classNamed("java.lang.ThreadGroup");
    threadGroupClass = group == null ? 0 : group.id();
    groupParentOffset = group == null ? -1 : group.hprofOffsetOf("parent", index.strings);
    ClassInfo holder = index.classNamed("java.lang.Thread$FieldHolder");
    holderClass = holder == null ? 0 : holder.id();
    holderStatusOffset = holder == null ? -1 : holder.hprofOffsetOf("threadStatus", index.strings);
    holderGroupOffset = holder == null ? -1 : holder.hprofOffsetOf("group", index.strings);
  }

  /** Writes the whole Go dump of {@code index}'s file; the caller closes or aborts {@code out}. */
  static void convert(HprofIndex index, JvmSnapshot jvm, DumpWriter out) throws IOException {
    new HprofConverter(index, out).run(jvm);
  }

  private void run(JvmSnapshot jvm) throws IOException {
    out.write(new Params(true, ptr, index.minObjectId, index.heapEnd, jvm.goarch(),
        jvm.javaVersion(), jvm.cpuCount()));
    for (ClassInfo c : index.classList) {
      out.write(new TypeRecord(index.address(c.id()), c.dump.getInstanceSize(), c.name, true));
    }
    ClassInfo classClass = index.classNamed("java.lang.Class");
    long classClassId = classClass == null ? 0 : classClass.id();
    for (ClassInfo c : index.classList) {
      writeClassObject(c, classClassId);
    }
    HprofReading.run(index.file, () -> StreamingHprofReader.Companion
        .readerFor(index.file, index.header)
        .readRecords(EnumSet.of(HprofRecordTag.INSTANCE_DUMP, HprofRecordTag.OBJECT_ARRAY_DUMP,
            HprofRecordTag.PRIMITIVE_ARRAY_DUMP), this::onObject));
    writeThreads();
    writeRoots();
    writeFinalizers();
    out.write(jvm.memStats(index.objectCount()));
  }

  private void onObject(HprofRecordTag tag, long length, HprofRecordReader r) {
    try {
      switch (tag) {
        case INSTANCE_DUMP:
          writeInstance(r);
          break;
        case OBJECT_ARRAY_DUMP:
          writeObjectArray(r);
          break;
        case PRIMITIVE_ARRAY_DUMP:
          writePrimitiveArray(r);
          break;
        default:
          throw new IllegalArgumentException("unexpected " + tag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeInstance(HprofRecordReader r) throws IOException {
    long id = r.readId();
    r.skip(4); // stack trace serial
    long classId = r.readId();
    byte[] values = r.readByteArray(r.readInt());
    ClassInfo c = index.classList[(int) index.classIndex.get(classId, -1)];
    if (values.length != c.hprofLength()) {
      throw new HprofFormatException(index.file.toPath(), "instance 0x" + Long.toHexString(id) + " has "
          + values.length + " bytes of fields, its class " + c.name + " declares "
          + c.hprofLength());
    }
    byte[] contents = scratch(c.contentsLength());
    c.copyFields(values, contents);
    putPointer(contents, 0, classId);
    FieldList references = c.references();
    for (int i = 0; i < references.size(); i++) {
      int at = (int) references.offset(i);
      putPointer(contents, at, readWord(contents, at, 0));
    }
    out.write(new ObjectRecord(index.address(id),
        Memory.view(scratchBuffer, 0, c.contentsLength()), references));
    if (classId == finalizerClass) {
      noteFinalizer(id, values);
    } else if (classId == threadGroupClass) {
      groupParents.put(id, readWord(values, groupParentOffset, 0));
    } else if (classId == holderClass) {
      holderStatus.put(id, readInt(values, holderStatusOffset, -1));
      holderGroup.put(id, readWord(values, holderGroupOffset, 0));
    }
    long thread = threadRootIndex.get(id, -1);
    if (thread >= 0) {
      threadFacts[(int) thread] = threadFacts(c, values);
    }
  }

  private void writeObjectArray(HprofRecordReader r) throws IOException {
    long id = r.readId();
    r.skip(4);
    int count = r.readInt();
    long classId = r.readId();
    byte[] elements = r.readByteArray(count * ptr);
    int length = 2 * ptr + elements.length;
    byte[] contents = scratch(length);
    putPointer(contents, 0, classId);
    putWord(contents, ptr, count);
    for (int i = 0; i < count; i++) {
      putPointer(contents, (i + 2) * ptr, readWord(elements, i * ptr, 0));
    }
    out.write(new ObjectRecord(index.address(id), Memory.view(scratchBuffer, 0, length),
        arrayFields(count)));
  }

  private void writePrimitiveArray(HprofRecordReader r) throws IOException {
    long id = r.readId();
    r.skip(4);
    int count = r.readInt();
    int type = r.readUnsignedByte();
    byte[] elements = r.readByteArray(count * ClassInfo.sizeOf(type, ptr));
    int length = (int) index.arrayContentsLength(count, ClassInfo.sizeOf(type, ptr));
    byte[] contents = scratch(length);
    putPointer(contents, 0, index.primitiveArrayClass[type]);
    putWord(contents, ptr, count);
    System.arraycopy(elements, 0, contents, 2 * ptr, elements.length);
    for (int i = 2 * ptr + elements.length; i < length; i++) {
      contents[i] = 0; // padding to a whole word
    }
    out.write(new ObjectRecord(index.address(id), Memory.view(scratchBuffer, 0, length),
        FieldList.EMPTY));
  }

  /** Header word (java.lang.Class), superclass, class loader, then the static fields. */
  private void writeClassObject(ClassInfo c, long classClassId) throws IOException {
    List<StaticFieldRecord> statics = c.dump.getStaticFields();
    int[] offsets = index.classObjectLayout(c);
    int length = offsets[statics.size()];
    byte[] contents = new byte[length];
    ByteBuffer b = ByteBuffer.wrap(contents);
    putPointer(contents, 0, classClassId);
    putPointer(contents, ptr, c.dump.getSuperclassId());
    putPointer(contents, 2 * ptr, c.dump.getClassLoaderId());
    long[] refs = new long[2 + statics.size()];
    int refCount = 0;
    refs[refCount++] = ptr;
    refs[refCount++] = 2L * ptr;
    for (int i = 0; i < statics.size(); i++) {
      int at = offsets[i];
      ValueHolder v = statics.get(i).getValue();
      if (v instanceof ValueHolder.ReferenceHolder ref) {
        putPointer(contents, at, ref.getValue());
        refs[refCount++] = at;
      } else if (v instanceof ValueHolder.BooleanHolder z) {
        b.put(at, (byte) (z.getValue() ? 1 : 0));
      } else if (v instanceof ValueHolder.ByteHolder x) {
        b.put(at, x.getValue());
      } else if (v instanceof ValueHolder.CharHolder x) {
        b.putChar(at, x.getValue());
      } else if (v instanceof ValueHolder.ShortHolder x) {
        b.putShort(at, x.getValue());
      } else if (v instanceof ValueHolder.IntHolder x) {
        b.putInt(at, x.getValue());
      } else if (v instanceof ValueHolder.FloatHolder x) {
        b.putFloat(at, x.getValue());
      } else if (v instanceof ValueHolder.LongHolder x) {
        b.putLong(at, x.getValue());
      } else if (v instanceof ValueHolder.DoubleHolder x) {
        b.putDouble(at, x.getValue());
      }
    }
    out.write(new ObjectRecord(index.address(c.id()), Memory.wrap(contents),
        FieldList.pointersAt(Arrays.copyOf(refs, refCount))));
  }

  private void noteFinalizer(long finalizerId, byte[] values) {
    long referent = readWord(values, referentOffset, 0);
    if (referent == 0) {
      return; // already finalized
    }
    long queue = readWord(values, queueOffset, 0);
    boolean pending = readWord(values, discoveredOffset, 0) != 0; // on the GC's pending list
    if (pending || queue != 0 && (queue == enqueuedQueue || queue == nullQueue)) {
      queuedFinalizers.add(referent).add(finalizerId);
    } else {
      finalizers.add(referent).add(finalizerId);
    }
  }

  private ThreadFacts threadFacts(ClassInfo c, byte[] values) {
    int[] at = threadFieldOffsets.computeIfAbsent(c.id(), k -> new int[] {
        c.hprofOffsetOf("tid", index.strings), c.hprofOffsetOf("threadStatus", index.strings),
        c.hprofOffsetOf("eetop", index.strings), c.hprofOffsetOf("group", index.strings),
        c.hprofOffsetOf("holder", index.strings)});
    return new ThreadFacts(readLong(values, at[0], -1), (int) readInt(values, at[1], -1),
        readLong(values, at[2], 0), readWord(values, at[3], 0), readWord(values, at[4], 0));
  }

  /** Goroutines with their stack frames, then one OS thread per running JVM thread. */
  private void writeThreads() throws IOException {
    long systemGroup = systemThreadGroup();
    long cursor = (index.heapEnd + STACK_ALIGN - 1) / STACK_ALIGN * STACK_ALIGN;
    for (int t = 0; t < index.threads.size(); t++) {
      HprofIndex.ThreadRoot thread = index.threads.get(t);
      ThreadFacts facts = withHolder(threadFacts[t]);
      StackTraceRecord trace = index.stackTraces.get(thread.stackTraceSerial());
      long[] frameIds = trace == null ? new long[0] : trace.getStackFrameIds();
      Thread.State state = javaState(facts.status());
      out.write(new Goroutine(index.address(thread.objectId()), cursor,
          facts.tid() >= 0 ? facts.tid() : thread.threadSerial(), 0,
          state == Thread.State.RUNNABLE ? Goroutine.STATUS_RUNNABLE : Goroutine.STATUS_WAITING,
          facts.group() != 0 && facts.group() == systemGroup, false, 0,
          state == null ? "unknown" : state.name(), 0, facts.eetop(), 0, 0));
      long childSp = 0;
      for (int depth = 0; depth < frameIds.length; depth++) {
        ImmutableLongArray locals = takeFrameRoots(thread.threadSerial(), depth);
        byte[] words = new byte[locals.length() * ptr];
        long[] offsets = new long[locals.length()];
        for (int i = 0; i < locals.length(); i++) {
          putPointer(words, i * ptr, locals.get(i));
          offsets[i] = (long) i * ptr;
        }
        StackFrameRecord frame = index.stackFrames.get(frameIds[depth]);
        out.write(new StackFrame(cursor, depth, childSp, Memory.wrap(words), 0,
            frame == null ? 0 : Math.max(0, frame.getLineNumber()), 0, functionName(frame),
            FieldList.pointersAt(offsets)));
        childSp = cursor;
        cursor += Math.max(words.length, ptr); // an empty frame still gets its own sp
      }
      cursor += STACK_GAP;
    }
    for (int t = 0; t < index.threads.size(); t++) {
      if (threadFacts[t] != null && threadFacts[t].eetop() != 0) {
        out.write(new OsThread(threadFacts[t].eetop(), index.threads.get(t).threadSerial(), 0));
      }
    }
  }

  /** The facts with status and group taken from the thread's holder where it has one. */
  private ThreadFacts withHolder(ThreadFacts facts) {
    if (facts == null) {
      return new ThreadFacts(-1, -1, 0, 0, 0);
    }
    if (facts.holder() == 0) {
      return facts;
    }
    return new ThreadFacts(facts.tid(), (int) holderStatus.get(facts.holder(), -1), facts.eetop(),
        holderGroup.get(facts.holder(), 0), facts.holder());
  }

  private ImmutableLongArray takeFrameRoots(int threadSerial, int depth) {
    ImmutableLongArray.Builder b = index.frameRoots.remove(HprofIndex.frameKey(threadSerial, depth));
    return b == null ? ImmutableLongArray.of() : b.build();
  }

  /** The JVM's "system" group: the one thread group without a parent. */
  private long systemThreadGroup() {
    long[] found = {0};
    groupParents.forEach((group, parent) -> {
      if (parent == 0) {
        found[0] = group;
      }
    });
    return found[0];
  }

  private String functionName(StackFrameRecord frame) {
    if (frame == null) {
      return "unknown";
    }
    Long classId = index.classIdBySerial.get(frame.getClassSerialNumber());
    ClassInfo c = classId == null ? null : index.classes.get(classId);
    String method = index.strings.getOrDefault(frame.getMethodNameStringId(), "unknown");
    return (c == null ? "unknown" : c.name) + "." + method;
  }

  /** Thread objects, then every root HPROF gives that has no better home. */
  private void writeRoots() throws IOException {
    for (HprofIndex.ThreadRoot t : index.threads) {
      out.write(new OtherRoot("thread object", index.address(t.objectId())));
    }
    for (HprofIndex.OtherRootEntry root : index.otherRoots) {
      out.write(new OtherRoot(root.description(), index.address(root.objectId())));
    }
    // Frame roots whose frame number is not in their thread's stack trace.
    for (ImmutableLongArray.Builder roots : index.frameRoots.values()) {
      ImmutableLongArray ids = roots.build();
      for (int i = 0; i < ids.length(); i++) {
        out.write(new OtherRoot("java frame", index.address(ids.get(i))));
      }
    }
  }

  private void writeFinalizers() throws IOException {
    ImmutableLongArray registered = finalizers.build();
    for (int i = 0; i < registered.length(); i += 2) {
      out.write(new Finalizer(
          index.address(registered.get(i)), index.address(registered.get(i + 1)), 0, 0, 0));
    }
    ImmutableLongArray queued = queuedFinalizers.build();
    for (int i = 0; i < queued.length(); i += 2) {
      out.write(new QueuedFinalizer(
          index.address(queued.get(i)), index.address(queued.get(i + 1)), 0, 0, 0));
    }
  }

  /** Thread.State of a JVMTI thread status word, as jdk.internal.misc.VM decodes it; null if unknown. */
  static Thread.State javaState(int status) {
    if (status < 0) {
      return null;
    }
    if ((status & 0x0004) != 0) {
      return Thread.State.RUNNABLE;
    }
    if ((status & 0x0400) != 0) {
      return Thread.State.BLOCKED;
    }
    if ((status & 0x0010) != 0) {
      return Thread.State.WAITING;
    }
    if ((status & 0x0020) != 0) {
      return Thread.State.TIMED_WAITING;
    }
    if ((status & 0x0002) != 0) {
      return Thread.State.TERMINATED;
    }
    return (status & 0x0001) == 0 ? Thread.State.NEW : Thread.State.RUNNABLE;
  }

  private FieldList arrayFields(int count) {
    if (count < CACHED_ARRAY_FIELDS && arrayFields[count] != null) {
      return arrayFields[count];
    }
    long[] offsets = new long[count];
    for (int i = 0; i < count; i++) {
      offsets[i] = (long) (i + 2) * ptr;
    }
    FieldList fields = FieldList.pointersAt(offsets);
    if (count < CACHED_ARRAY_FIELDS) {
      arrayFields[count] = fields;
    }
    return fields;
  }

  private byte[] scratch(int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
      scratchBuffer = ByteBuffer.wrap(scratch);
    }
    return scratch;
  }

  /** Writes the dump address of HPROF object {@code id} as a pointer word. */
  private void putPointer(byte[] b, int at, long id) {
    putWord(b, at, index.address(id));
  }

  /** Writes a pointer-sized big-endian word. */
  private void putWord(byte[] b, int at, long value) {
    if (ptr == 8) {
      for (int i = 7; i >= 0; i--) {
        b[at + i] = (byte) value;
        value >>>= 8;
      }
    } else {
      for (int i = 3; i >= 0; i--) {
        b[at + i] = (byte) value;
        value >>>= 8;
      }
    }
  }

  /** A pointer-sized big-endian word of HPROF field values, or {@code missing} at offset -1. */
  private long readWord(byte[] b, int at, long missing) {
    return at < 0 ? missing : ptr == 8 ? readLong(b, at, missing) : readInt(b, at, missing);
  }

  private static long readLong(byte[] b, int at, long missing) {
    return at < 0 ? missing : Longs.fromBytes(
        b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
  }

  private static long readInt(byte[] b, int at, long missing) {
    return at < 0 ? missing : Ints.fromBytes(b[at], b[at + 1], b[at + 2], b[at + 3]) & 0xffffffffL;
  }
}
