package io.heapdump.writer.jvm;

import io.heapdump.codec.FieldList;
import java.io.IOException;
import com.google.common.primitives.Ints;
import com.google.common.primitives.Longs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One class of the HPROF file and how its instances are laid out in the Go dump: a header word
 * with the class id, then every instance field (the class's own, then its superclasses', the
 * order HPROF lists their values in), each aligned to its size capped at the pointer size, the
 * whole rounded up to a pointer word. Values stay big-endian, as HPROF has them.
 */
final class ClassInfo {
  /** HPROF basic type of an object reference. */
  static final int REFERENCE = 2;

  final ClassDump dump;
  final String name;

  // Set by resolve(): the instance layout over the whole class hierarchy.
  private long[] fieldNameIds;
  private int[] sourceOffsets; // in HPROF's packed field values
  private int hprofLength;
  private int contentsLength;
  private int[] copyRuns; // triples: source offset, destination offset, length
  private int[] gaps; // pairs: offset, length of padding after the header word
  private FieldList references;
  private boolean thread;

  ClassInfo(ClassDump dump, String name) {
    this.dump = dump;
    this.name = name;
  }

  long id() {
    return dump.id();
  }

  /** Byte size of a value of an HPROF basic type, or 0 for a type HPROF does not have. */
  static int sizeOf(int type, int idSize) {
    switch (type) {
      case REFERENCE:
        return idSize;
      case 4: // boolean
      case 8: // byte
        return 1;
      case 5: // char
      case 9: // short
        return 2;
      case 6: // float
      case 10: // int
        return 4;
      case 7: // double
      case 11: // long
        return 8;
      default:
        return 0;
    }
  }

  /**
   * Where values of the given types go when laid out from {@code start}, each aligned to its
   * size (at most {@code pointerSize}); element {@code types.length} is the end, rounded up to a
   * pointer word.
   */
  static int[] layout(int[] types, int pointerSize, int start) {
    int[] offsets = new int[types.length + 1];
    int at = start;
    for (int i = 0; i < types.length; i++) {
      int align = Math.min(sizeOf(types[i], pointerSize), pointerSize);
      at = (at + align - 1) / align * align;
      offsets[i] = at;
      at += sizeOf(types[i], pointerSize);
    }
    offsets[types.length] = (at + pointerSize - 1) / pointerSize * pointerSize;
    return offsets;
  }

  /** Computes the instance layout; needs every superclass in {@code classes}. */
  void resolve(Map<Long, ClassInfo> classes, int pointerSize) throws IOException {
    List<int[]> typesPerClass = new ArrayList<>();
    List<long[]> namesPerClass = new ArrayList<>();
    for (ClassInfo c = this; c != null; ) {
      thread |= c.name.equals("java.lang.Thread");
      typesPerClass.add(c.dump.fieldTypes());
      namesPerClass.add(c.dump.fieldNameIds());
      long superId = c.dump.superclassId();
      ClassInfo next = superId == 0 ? null : classes.get(superId);
      if (superId != 0 && next == null) {
        throw new IOException("HPROF class " + c.name + " names superclass 0x"
            + Long.toHexString(superId) + ", which the file does not define");
      }
      c = next;
    }
    int[] types = Ints.concat(typesPerClass.toArray(new int[0][]));
    fieldNameIds = Longs.concat(namesPerClass.toArray(new long[0][]));
    int n = types.length;
    sourceOffsets = new int[n];
    int source = 0;
    for (int i = 0; i < n; i++) {
      sourceOffsets[i] = source;
      source += sizeOf(types[i], pointerSize);
    }
    hprofLength = source;
    int[] dest = layout(types, pointerSize, pointerSize);
    contentsLength = dest[n];
    List<Long> refs = new ArrayList<>();
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int size = sizeOf(types[i], pointerSize);
      if (types[i] == REFERENCE) {
        refs.add((long) dest[i]);
      }
      int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
      if (last != null && last[0] + last[2] == sourceOffsets[i] && last[1] + last[2] == dest[i]) {
        last[2] += size;
      } else {
        runs.add(new int[] {sourceOffsets[i], dest[i], size});
      }
    }
    copyRuns = runs.stream().flatMapToInt(Arrays::stream).toArray();
    List<Integer> padding = new ArrayList<>();
    int covered = pointerSize;
    for (int[] run : runs) {
      if (run[1] > covered) {
        padding.add(covered);
        padding.add(run[1] - covered);
      }
      covered = run[1] + run[2];
    }
    if (contentsLength > covered) {
      padding.add(covered);
      padding.add(contentsLength - covered);
    }
    gaps = padding.stream().mapToInt(Integer::intValue).toArray();
    references = FieldList.pointersAt(refs.stream().mapToLong(Long::longValue).toArray());
  }

  /** Whether this is java.lang.Thread or a subclass: only their instances are thread objects. */
  boolean isThread() {
    return thread;
  }

  /** Bytes of an instance's field values in HPROF. */
  int hprofLength() {
    return hprofLength;
  }

  /** Bytes of an instance's contents in the Go dump, header word included. */
  int contentsLength() {
    return contentsLength;
  }

  /** The reference words of an instance's contents. */
  FieldList references() {
    return references;
  }

  /**
   * Lays an instance's HPROF field values out into {@code contents} after the header word
   * (which the caller writes), zeroing the padding between and after them.
   */
  void copyFields(byte[] values, byte[] contents) {
    int[] zero = gaps;
    for (int i = 0; i < zero.length; i += 2) {
      Arrays.fill(contents, zero[i], zero[i] + zero[i + 1], (byte) 0);
    }
    int[] runs = copyRuns;
    for (int i = 0; i < runs.length; i += 3) {
      System.arraycopy(values, runs[i], contents, runs[i + 1], runs[i + 2]);
    }
  }

  /**
   * Offset in HPROF's field values of the instance field called {@code fieldName} (the one
   * nearest the class when several in the hierarchy share it), or -1.
   */
  int hprofOffsetOf(String fieldName, Map<Long, String> strings) {
    for (int i = 0; i < fieldNameIds.length; i++) {
      if (fieldName.equals(strings.get(fieldNameIds[i]))) {
        return sourceOffsets[i];
      }
    }
    return -1;
  }
}
