package io.heapdump.writer.jvm;

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pull reader of HPROF files ("JAVA PROFILE 1.0.x") over memory-mapped windows of the file: the
 * one place that knows the record layouts, for both transcoding passes. It walks top-level
 * records and, inside HEAP_DUMP and HEAP_DUMP_SEGMENT records, their sub-records, as one flat
 * sequence; {@link #next()} parses a record's header into this reader's fields and leaves the
 * position at its body, which the caller reads or leaves (the next call skips what is left).
 * Nothing is allocated per object record, which is why it replaced shark-hprof's record-at-a-time
 * listener on the hot path (see bench/results/writer.md).
 *
 * <p>Malformed input (a record running past the file or its segment, an unknown sub-record tag or
 * basic type) ends in an {@link HprofFormatException} naming the file and offset.
 */
final class HprofFile implements Closeable {
  // Top-level record tags.
  static final int STRING_IN_UTF8 = 0x01;
  static final int LOAD_CLASS = 0x02;
  static final int STACK_FRAME = 0x04;
  static final int STACK_TRACE = 0x05;
  private static final int HEAP_DUMP = 0x0c;
  private static final int HEAP_DUMP_SEGMENT = 0x1c;

  /** Heap dump sub-records come out of {@link #next()} as this bit plus their tag. */
  static final int SUB_RECORD = 0x100;
  static final int ROOT_UNKNOWN = SUB_RECORD | 0xff;
  static final int ROOT_JNI_GLOBAL = SUB_RECORD | 0x01;
  static final int ROOT_JNI_LOCAL = SUB_RECORD | 0x02;
  static final int ROOT_JAVA_FRAME = SUB_RECORD | 0x03;
  static final int ROOT_NATIVE_STACK = SUB_RECORD | 0x04;
  static final int ROOT_STICKY_CLASS = SUB_RECORD | 0x05;
  static final int ROOT_THREAD_BLOCK = SUB_RECORD | 0x06;
  static final int ROOT_MONITOR_USED = SUB_RECORD | 0x07;
  static final int ROOT_THREAD_OBJECT = SUB_RECORD | 0x08;
  static final int CLASS_DUMP = SUB_RECORD | 0x20;
  static final int INSTANCE_DUMP = SUB_RECORD | 0x21;
  static final int OBJECT_ARRAY_DUMP = SUB_RECORD | 0x22;
  static final int PRIMITIVE_ARRAY_DUMP = SUB_RECORD | 0x23;
  // Android's additions.
  static final int ROOT_INTERNED_STRING = SUB_RECORD | 0x89;
  static final int ROOT_FINALIZING = SUB_RECORD | 0x8a;
  static final int ROOT_DEBUGGER = SUB_RECORD | 0x8b;
  static final int ROOT_REFERENCE_CLEANUP = SUB_RECORD | 0x8c;
  static final int ROOT_VM_INTERNAL = SUB_RECORD | 0x8d;
  static final int ROOT_JNI_MONITOR = SUB_RECORD | 0x8e;
  static final int ROOT_UNREACHABLE = SUB_RECORD | 0x90;
  private static final int PRIMITIVE_ARRAY_NODATA = SUB_RECORD | 0xc3;
  private static final int HEAP_DUMP_INFO = SUB_RECORD | 0xfe;

  /** The windows' size: files up to this size are mapped once. */
  static final long DEFAULT_WINDOW = 1L << 30;
  private static final String MAGIC = "JAVA PROFILE ";
  private static final int TOP_HEADER = 9; // tag u1, time u4, length u4

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final long windowSize;
  private MappedByteBuffer window;
  private long windowStart;
  private long windowEnd;
  private long pos;

  private final int idSize;
  private final long firstRecord;
  private long recordEnd; // where the current record's body ends
  private long segmentEnd = -1; // the end of the heap dump segment being walked, or -1

  // The current record, as far as its kind has them (see next()).
  private int kind;
  private long recordStart;
  private long id;
  private long classId;
  private int count;
  private int elementType;
  private int serial;
  private int number;
  private int bodyLength;
  private ClassDump classDump;

  private HprofFile(Path path, FileChannel channel, long windowSize) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
    this.windowSize = windowSize;
    recordEnd = size; // the header's reads are bounded by the file only
    kind = -1;
    int nul = -1;
    for (int i = 0; i < Math.min(size, 64) && nul < 0; i++) {
      if (u1At(i) == 0) {
        nul = i;
      }
    }
    byte[] version = new byte[Math.max(nul, 0)];
    read(0, version);
    String format = new String(version, StandardCharsets.ISO_8859_1);
    if (nul < 0 || !format.startsWith(MAGIC)) {
      throw new HprofFormatException(path, "not an HPROF file (it does not start with \"" + MAGIC
          + "\" and a version)");
    }
    pos = nul + 1;
    idSize = readU4();
    if (idSize != 4 && idSize != 8) {
      throw new HprofFormatException(path, "HPROF identifier size " + idSize
          + " is not 4 or 8, so it cannot be a Go pointer size");
    }
    readU8(); // the dump's time
    firstRecord = pos;
    rewind();
  }

  /** Opens an HPROF file and reads its header. */
  static HprofFile open(Path path) throws IOException {
    return open(path, DEFAULT_WINDOW);
  }

  /** Opens with windows of {@code windowSize} bytes (small ones test records across windows). */
  static HprofFile open(Path path, long windowSize) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new HprofFile(path, channel, windowSize);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** Size of object ids, 4 or 8. */
  int idSize() {
    return idSize;
  }

  /** Goes back to the first record, for another pass. */
  void rewind() {
    pos = firstRecord;
    recordEnd = firstRecord;
    segmentEnd = -1;
  }

  /**
   * Moves to the next record and parses its header; returns its kind (a top-level tag, or
   * {@link #SUB_RECORD} plus a heap dump sub-record's tag), or -1 at the end of the file. Fields
   * set per kind: instance: {@link #id}, {@link #classId}, {@link #bodyLength} (field values
   * follow); object array: id, classId (the array class), {@link #count}, bodyLength (element
   * ids follow); primitive array: id, count, {@link #elementType}, bodyLength (elements follow);
   * class dump: {@link #classDump()}; roots: id, and {@link #serial} (thread serial) and
   * {@link #number} (frame number, or stack trace serial of a thread object) where they have
   * them; other top-level records: bodyLength, the body follows.
   */
  int next() throws IOException {
    pos = recordEnd;
    if (pos < segmentEnd) {
      recordEnd = segmentEnd; // bounds the sub-record's header
      return subRecord();
    }
    return nextTopLevel();
  }

  private int nextTopLevel() throws IOException {
    while (true) {
      segmentEnd = -1;
      kind = -1;
      if (pos == size) {
        return -1;
      }
      recordStart = pos;
      recordEnd = size;
      int tag = readU1();
      pos += 4; // time
      long length = readU4() & 0xffffffffL;
      recordEnd = pos + length;
      if (recordEnd > size) {
        throw truncated("record of tag 0x" + Integer.toHexString(tag) + " and " + length
            + " bytes");
      }
      if (tag == HEAP_DUMP || tag == HEAP_DUMP_SEGMENT) {
        segmentEnd = recordEnd;
        if (pos < segmentEnd) {
          return subRecord();
        }
        continue; // an empty segment
      }
      if (length > Integer.MAX_VALUE) {
        throw format("record of tag 0x" + Integer.toHexString(tag) + " has " + length
            + " bytes, more than any but a heap dump record can");
      }
      kind = tag;
      bodyLength = (int) length;
      return tag;
    }
  }

  private int subRecord() throws IOException {
    recordStart = pos;
    kind = SUB_RECORD | headerU1();
    // The object kinds, nearly every record, first and in a method small enough to inline.
    if (kind == INSTANCE_DUMP) {
      id = headerId();
      pos += 4; // stack trace serial
      classId = headerId();
      bodyLength = headerU4();
      if (bodyLength < 0) {
        throw badLength("instance", "bytes of field values");
      }
      return endAfter(bodyLength);
    } else if (kind == PRIMITIVE_ARRAY_DUMP) {
      id = headerId();
      pos += 4;
      count = arrayLength();
      elementType = headerU1();
      bodyLength = arrayBytes(sizeOf(elementType));
      return endAfter(bodyLength);
    } else if (kind == OBJECT_ARRAY_DUMP) {
      id = headerId();
      pos += 4;
      count = arrayLength();
      classId = headerId();
      bodyLength = arrayBytes(idSize);
      return endAfter(bodyLength);
    }
    return otherSubRecord();
  }

  private int otherSubRecord() throws IOException {
    switch (kind) {
      case PRIMITIVE_ARRAY_NODATA:
        id = headerId();
        throw format("primitive array 0x" + Long.toHexString(id) + " was dumped without its "
            + "elements (PRIMITIVE_ARRAY_NODATA, Android), which a Go dump cannot leave out");
      case CLASS_DUMP:
        classDump = readClassDump();
        return endAfter(0);
      case ROOT_UNKNOWN:
      case ROOT_STICKY_CLASS:
      case ROOT_MONITOR_USED:
      case ROOT_INTERNED_STRING:
      case ROOT_FINALIZING:
      case ROOT_DEBUGGER:
      case ROOT_REFERENCE_CLEANUP:
      case ROOT_VM_INTERNAL:
      case ROOT_UNREACHABLE:
        id = headerId();
        return endAfter(0);
      case ROOT_JNI_GLOBAL:
        id = headerId();
        pos += idSize; // the JNI global reference's own id
        return endAfter(0);
      case ROOT_NATIVE_STACK:
      case ROOT_THREAD_BLOCK:
        id = headerId();
        serial = headerU4();
        return endAfter(0);
      case ROOT_JNI_LOCAL:
      case ROOT_JAVA_FRAME:
      case ROOT_THREAD_OBJECT:
      case ROOT_JNI_MONITOR:
        id = headerId();
        serial = headerU4();
        number = headerU4();
        return endAfter(0);
      case HEAP_DUMP_INFO:
        pos += 4 + idSize; // heap id, name string id
        return skipSubRecord();
      default:
        throw format("unknown heap dump sub-record tag 0x" + Integer.toHexString(kind & 0xff));
    }
  }

  // Sub-record headers are read without checking each value against the record's end:
  // endAfter() checks the whole header and body against the segment's end at once.

  private int headerU1() throws IOException {
    long at = pos++;
    ensure(at, 1);
    return window.get((int) (at - windowStart)) & 0xff;
  }

  private int headerU4() throws IOException {
    long at = pos;
    pos += 4;
    ensure(at, 4);
    return window.getInt((int) (at - windowStart));
  }

  private long headerId() throws IOException {
    long at = pos;
    pos += idSize;
    ensure(at, idSize);
    int offset = (int) (at - windowStart);
    return idSize == 8 ? window.getLong(offset) : window.getInt(offset) & 0xffffffffL;
  }

  /** The current sub-record's body is {@code length} bytes from here; checks it fits. */
  private int endAfter(long length) throws IOException {
    recordEnd = pos + length;
    if (recordEnd > segmentEnd) { // segments end inside the file (see next())
      throw pastSegment();
    }
    return kind;
  }

  private HprofFormatException pastSegment() {
    return format("sub-record of tag 0x" + Integer.toHexString(kind & 0xff) + " runs to byte "
        + recordEnd + ", past the end of its heap dump segment at " + segmentEnd);
  }

  /** A sub-record the passes have no use for: moves past it and returns the next record. */
  private int skipSubRecord() throws IOException {
    endAfter(0);
    return next();
  }

  private int arrayLength() throws IOException {
    count = headerU4();
    if (count < 0) {
      throw badLength("array", "elements");
    }
    return count;
  }

  private HprofFormatException badLength(String what, String unit) {
    return format(what + " 0x" + Long.toHexString(id) + " claims "
        + ((kind == INSTANCE_DUMP ? bodyLength : count) & 0xffffffffL) + " " + unit);
  }

  private int arrayBytes(int elementSize) throws IOException {
    long bytes = (long) count * elementSize;
    if (bytes > Integer.MAX_VALUE - 64) {
      throw tooLarge(bytes);
    }
    return (int) bytes;
  }

  private IOException tooLarge(long bytes) {
    return new IOException(path + ": array 0x" + Long.toHexString(id) + " of " + count
        + " elements holds " + bytes + " bytes, more than a Go dump object can hold here (2 GiB)");
  }

  private ClassDump readClassDump() throws IOException {
    long classId = readId();
    pos += 4; // stack trace serial
    long superId = readId();
    long loaderId = readId();
    pos += 4L * idSize; // signers, protection domain, two reserved ids
    int instanceSize = readU4();
    int constants = readU2();
    for (int i = 0; i < constants; i++) {
      pos += 2; // constant pool index
      pos += sizeOf(readU1());
    }
    int statics = readU2();
    long[] staticNames = new long[statics];
    int[] staticTypes = new int[statics];
    long[] staticValues = new long[statics];
    for (int i = 0; i < statics; i++) {
      staticNames[i] = readId();
      staticTypes[i] = readU1();
      staticValues[i] = value(sizeOf(staticTypes[i]));
    }
    int fields = readU2();
    long[] fieldNames = new long[fields];
    int[] fieldTypes = new int[fields];
    for (int i = 0; i < fields; i++) {
      fieldNames[i] = readId();
      fieldTypes[i] = readU1();
      sizeOf(fieldTypes[i]); // checks the type
    }
    return new ClassDump(classId, superId, loaderId, instanceSize, staticNames, staticTypes,
        staticValues, fieldNames, fieldTypes);
  }

  /** The file offset of the current record. */
  long recordStart() {
    return recordStart;
  }

  long id() {
    return id;
  }

  long classId() {
    return classId;
  }

  int count() {
    return count;
  }

  int elementType() {
    return elementType;
  }

  int serial() {
    return serial;
  }

  int number() {
    return number;
  }

  int bodyLength() {
    return bodyLength;
  }

  ClassDump classDump() {
    return classDump;
  }

  /** Byte size of a value of an HPROF basic type; fails on a type HPROF does not have. */
  private int sizeOf(int type) throws HprofFormatException {
    int size = ClassInfo.sizeOf(type, idSize);
    if (size == 0) {
      throw unknownType(type);
    }
    return size;
  }

  private HprofFormatException unknownType(int type) {
    return format("unknown HPROF basic type " + type);
  }

  // Sequential reads of the current body.

  /** An unsigned byte. */
  int readU1() throws IOException {
    return u1At(advance(1)) & 0xff;
  }

  /** An unsigned 16-bit value. */
  private int readU2() throws IOException {
    long at = advance(2);
    return (u1At(at) & 0xff) << 8 | (u1At(at + 1) & 0xff);
  }

  /** A 32-bit value (HPROF's u4; the caller decides on its sign). */
  int readU4() throws IOException {
    long at = advance(4);
    ensure(at, 4);
    return window.getInt((int) (at - windowStart));
  }

  private long readU8() throws IOException {
    long at = advance(8);
    ensure(at, 8);
    return window.getLong((int) (at - windowStart));
  }

  /** An object id, zero-extended from 4 bytes in files with 4-byte ids. */
  long readId() throws IOException {
    return idSize == 8 ? readU8() : readU4() & 0xffffffffL;
  }

  /** A value of {@code size} bytes as the low bits of a long. */
  private long value(int size) throws IOException {
    switch (size) {
      case 1: return readU1();
      case 2: return readU2();
      case 4: return readU4() & 0xffffffffL;
      default: return readU8();
    }
  }

  /**
   * The text of the STRING_IN_UTF8 record at {@code recordStart} (a {@link #recordStart()} seen
   * earlier), read without moving this reader from its current record.
   */
  String stringAt(long recordStart) throws IOException {
    ensure(recordStart, TOP_HEADER + idSize);
    int offset = (int) (recordStart - windowStart);
    if (window.get(offset) != STRING_IN_UTF8) {
      throw new IllegalArgumentException("no string record at offset " + recordStart);
    }
    int length = window.getInt(offset + 5) - idSize;
    byte[] bytes = new byte[length];
    read(recordStart + TOP_HEADER + idSize, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Copies the next {@code length} bytes into {@code dest} at {@code offset}. */
  void read(byte[] dest, int offset, int length) throws IOException {
    long at = advance(length);
    read(at, dest, offset, length);
  }

  /** Moves {@code n} bytes on within the current record; returns where they start. */
  private long advance(long n) throws IOException {
    long at = pos;
    pos += n;
    if (pos > recordEnd) {
      pos = at;
      throw at + n > size ? truncated(kind < 0 ? "header" : "record of kind 0x"
          + Integer.toHexString(kind))
          : format("the record's contents run past its end at offset " + recordEnd);
    }
    return at;
  }

  private void read(long at, byte[] dest) throws IOException {
    read(at, dest, 0, dest.length);
  }

  private void read(long at, byte[] dest, int offset, int length) throws IOException {
    while (length > 0) {
      ensure(at, 1);
      int chunk = (int) Math.min(length, windowEnd - at);
      window.get((int) (at - windowStart), dest, offset, chunk);
      at += chunk;
      offset += chunk;
      length -= chunk;
    }
  }

  private byte u1At(long at) throws IOException {
    ensure(at, 1);
    return window.get((int) (at - windowStart));
  }

  /** Maps a window holding bytes {@code at} to {@code at + n} unless the current one does. */
  private void ensure(long at, int n) throws IOException {
    if (at < windowStart || at + n > windowEnd) {
      remap(at, n);
    }
  }

  private void remap(long at, int n) throws IOException {
    if (at + n > size) {
      throw truncated(kind < 0 ? "header" : "record of kind 0x" + Integer.toHexString(kind));
    }
    windowStart = at;
    windowEnd = Math.min(size, at + Math.max(windowSize, n));
    window = channel.map(FileChannel.MapMode.READ_ONLY, windowStart, windowEnd - windowStart);
  }

  private HprofFormatException truncated(String what) {
    return new HprofFormatException(path, "truncated: the " + what + " at offset " + recordStart
        + " runs past the end of the file (" + size + " bytes)");
  }

  /** An exception naming the file and the current record's offset. */
  HprofFormatException format(String reason) {
    return new HprofFormatException(path, reason + " (record at offset " + recordStart + ")");
  }

  @Override
  public void close() throws IOException {
    window = null;
    channel.close();
  }
}
