package io.heapdump.writer.jvm;

import com.google.common.primitives.ImmutableLongArray;
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
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private final HprofIndex index;
  private final HprofFile file;
  private final DumpWriter out;
  private final int ptr;
  private final FieldList[] arrayFields = new FieldList[CACHED_ARRAY_FIELDS];
  private byte[] scratch = new byte[256];
  private ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);
  private byte[] fieldValues = new byte[256]; // an instance's, as HPROF has them

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
    this.file = index.file;
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
      out.write(new TypeRecord(index.address(c.id()), c.dump.instanceSize(), c.name, true));
    }
    ClassInfo classClass = index.classNamed("java.lang.Class");
    long classClassId = classClass == null ? 0 : classClass.id();
    for (ClassInfo c : index.classList) {
      writeClassObject(c, classClassId);
    }
    writeObjects();
    writeThreads();
    writeRoots();
    writeFinalizers();
    out.write(jvm.memStats(index.objectCount()));
  }

  /** The object pass: every instance and array, in file order. */
  private void writeObjects() throws IOException {
    file.rewind();
    for (int kind = file.next(); kind >= 0; kind = file.next()) {
      switch (kind) {
        case HprofFile.INSTANCE_DUMP:
          writeInstance();
          break;
        case HprofFile.OBJECT_ARRAY_DUMP:
          writeObjectArray();
          break;
        case HprofFile.PRIMITIVE_ARRAY_DUMP:
          writePrimitiveArray();
          break;
        default:
          break; // read by the first pass
      }
    }
  }

  private void writeInstance() throws IOException {
    long id = file.id();
    long classId = file.classId();
    ClassInfo c = index.classOf(id, classId);
    if (file.bodyLength() != c.hprofLength()) {
      throw file.format("instance 0x" + Long.toHexString(id) + " has " + file.bodyLength()
          + " bytes of fields, its class " + c.name + " declares " + c.hprofLength());
    }
    if (fieldValues.length < c.hprofLength()) {
      fieldValues = new byte[Math.max(c.hprofLength(), 2 * fieldValues.length)];
    }
    byte[] values = fieldValues;
    file.read(values, 0, c.hprofLength());
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
    long thread = c.isThread() ? threadRootIndex.get(id, -1) : -1;
    if (thread >= 0) {
      threadFacts[(int) thread] = threadFacts(c, values);
    }
  }

  private void writeObjectArray() throws IOException {
    int count = file.count();
    int length = 2 * ptr + file.bodyLength();
    byte[] contents = scratch(length);
    putPointer(contents, 0, file.classId());
    putWord(contents, ptr, count);
    file.read(contents, 2 * ptr, file.bodyLength());
    for (int at = 2 * ptr; at < length; at += ptr) {
      putPointer(contents, at, readWord(contents, at, 0));
    }
    out.write(new ObjectRecord(index.address(file.id()), Memory.view(scratchBuffer, 0, length),
        arrayFields(count)));
  }

  private void writePrimitiveArray() throws IOException {
    int count = file.count();
    int bytes = file.bodyLength();
    int length = (int) index.arrayContentsLength(count, ClassInfo.sizeOf(file.elementType(), ptr));
    byte[] contents = scratch(length);
    putPointer(contents, 0, index.primitiveArrayClass[file.elementType()]);
    putWord(contents, ptr, count);
    file.read(contents, 2 * ptr, bytes);
    Arrays.fill(contents, 2 * ptr + bytes, length, (byte) 0); // padding to a whole word
    out.write(new ObjectRecord(index.address(file.id()), Memory.view(scratchBuffer, 0, length),
        FieldList.EMPTY));
  }

  /** Header word (java.lang.Class), superclass, class loader, then the static fields. */
  private void writeClassObject(ClassInfo c, long classClassId) throws IOException {
    ClassDump dump = c.dump;
    int statics = dump.staticTypes().length;
    int[] offsets = index.classObjectLayout(c);
    int length = offsets[statics];
    byte[] contents = new byte[length];
    putPointer(contents, 0, classClassId);
    putPointer(contents, ptr, dump.superclassId());
    putPointer(contents, 2 * ptr, dump.classLoaderId());
    long[] refs = new long[2 + statics];
    int refCount = 0;
    refs[refCount++] = ptr;
    refs[refCount++] = 2L * ptr;
    for (int i = 0; i < statics; i++) {
      int at = offsets[i];
      int type = dump.staticTypes()[i];
      if (type == ClassInfo.REFERENCE) {
        putPointer(contents, at, dump.staticValues()[i]);
        refs[refCount++] = at;
      } else {
        putBigEndian(contents, at, ClassInfo.sizeOf(type, ptr), dump.staticValues()[i]);
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
      long[] frameIds = index.stackTraces.getOrDefault(thread.stackTraceSerial(), new long[0]);
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
        HprofIndex.Frame frame = index.stackFrames.get(frameIds[depth]);
        out.write(new StackFrame(cursor, depth, childSp, Memory.wrap(words), 0,
            frame == null ? 0 : Math.max(0, frame.line()), 0, functionName(frame),
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

  private String functionName(HprofIndex.Frame frame) {
    if (frame == null) {
      return "unknown";
    }
    Long classId = index.classIdBySerial.get(frame.classSerial());
    ClassInfo c = classId == null ? null : index.classes.get(classId);
    String method = index.strings.getOrDefault(frame.methodNameId(), "unknown");
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
      LONG_BE.set(b, at, value);
    } else {
      INT_BE.set(b, at, (int) value);
    }
  }

  /** Writes the low {@code size} bytes of {@code value}, big-endian. */
  private static void putBigEndian(byte[] b, int at, int size, long value) {
    for (int i = size - 1; i >= 0; i--) {
      b[at + i] = (byte) value;
      value >>>= 8;
    }
  }

  /** A pointer-sized big-endian word of HPROF field values, or {@code missing} at offset -1. */
  private long readWord(byte[] b, int at, long missing) {
    return at < 0 ? missing : ptr == 8 ? readLong(b, at, missing) : readInt(b, at, missing);
  }

  private static long readLong(byte[] b, int at, long missing) {
    return at < 0 ? missing : (long) LONG_BE.get(b, at);
  }

  private static long readInt(byte[] b, int at, long missing) {
    return at < 0 ? missing : (int) INT_BE.get(b, at) & 0xffffffffL;
  }
}
