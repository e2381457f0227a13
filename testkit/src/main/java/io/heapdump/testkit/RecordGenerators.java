package io.heapdump.testkit;

import com.google.common.base.Preconditions;
import io.heapdump.codec.AllocSample;
import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.Field;
import io.heapdump.codec.FieldKind;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Itab;
import io.heapdump.codec.ItabGo13;
import io.heapdump.codec.MemProfileBucket;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.OsThread;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Panic;
import io.heapdump.codec.Params;
import io.heapdump.codec.ParamsGo13;
import io.heapdump.codec.ParamsGo14;
import io.heapdump.codec.ProfileFrame;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.TypeRecordGo13;
import io.heapdump.codec.WordFormat;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators for single heap dump records, one per record type, plus
 * {@link #recordsOf(DumpVersion)} for any record a version can hold.
 *
 * <p>Values cover what the wire can carry: uvarints from 0 and small numbers through every
 * 7-bit-group boundary to 2^63 and -1 (2^64-1 as unsigned); strings with non-ASCII and
 * supplementary characters and escaped non-UTF-8 bytes (see {@link #strings()}); memory of 0 to a
 * few hundred bytes; field kinds that the version writes. A record from these generators encodes in
 * its version and decodes to an equal record.
 *
 * <pre>{@code
 * qt().forAll(RecordGenerators.recordsOf(DumpVersion.GO1_7))
 *     .checkAssert(r -> assertEquals(r, myTool.roundTrip(r)));
 * }</pre>
 */
public final class RecordGenerators {
  private RecordGenerators() {}

  /** 2^(7k)-1 and 2^(7k) for every uvarint length, 2^63-1, 2^63 and 2^64-1 (as -1). */
  private static final List<Long> UVARINT_BOUNDARIES = uvarintBoundaries();

  /**
   * Code point ranges for strings: printable ASCII, control characters, 2-, 3- and 4-byte UTF-8,
   * and lone surrogates U+DC80.. that stand for non-UTF-8 bytes (the codec's escape). Only bytes
   * that can never start a UTF-8 sequence (0x80-0xC1, 0xF5-0xFF) are escaped, so that adjacent
   * escaped bytes cannot merge into a valid character on decoding.
   */
  private static final int[][] CODE_POINT_RANGES = {
      {0x20, 0x7e}, {0x00, 0x1f}, {0xa0, 0x7ff}, {0x800, 0xd7ff}, {0xe000, 0xfffd},
      {0x10000, 0x10ffff}, {0xdc80, 0xdcc1}, {0xdcf5, 0xdcff}};
  private static final int[] CODE_POINT_WEIGHTS = {40, 5, 15, 15, 5, 10, 5, 5};

  private static final List<String> GOARCHES =
      List.of("amd64", "386", "arm", "arm64", "ppc64", "ppc64le", "mips", "s390x", "riscv64");

  private static List<Long> uvarintBoundaries() {
    List<Long> out = new ArrayList<>(List.of(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
    for (int k = 1; k <= 9; k++) {
      out.add((1L << (7 * k)) - 1);
      out.add(1L << (7 * k));
    }
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- primitives

  /**
   * Any 64-bit uvarint value (negative longs stand for values of 2^63 and up): small numbers,
   * the boundaries between uvarint lengths of 1 to 10 bytes, and uniformly random 64-bit values.
   */
  public static Gen<Long> uvarints() {
    return Generate.frequency(List.of(
        Pair.of(4, Generate.longRange(0, 300)),
        Pair.of(3, Generate.pick(UVARINT_BOUNDARIES)),
        Pair.of(3, SourceDSL.longs().all())));
  }

  /** true or false. */
  public static Gen<Boolean> bools() {
    return Generate.booleans();
  }

  /**
   * Strings as Go dumps hold them: mostly short, sometimes over 127 bytes (a 2-byte length), with
   * ASCII, control characters, non-ASCII and supplementary Unicode, and escaped non-UTF-8 bytes.
   */
  public static Gen<String> strings() {
    Gen<Integer> length = Generate.frequency(List.of(
        Pair.of(1, Generate.constant(0)),
        Pair.of(8, Generate.range(1, 16)),
        Pair.of(1, Generate.range(17, 200))));
    Gen<Integer> codePoint = codePoints();
    return in -> {
      int n = length.generate(in);
      StringBuilder sb = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        sb.appendCodePoint(codePoint.generate(in));
      }
      return sb.toString();
    };
  }

  private static Gen<Integer> codePoints() {
    List<Pair<Integer, Gen<Integer>>> ranges = new ArrayList<>();
    for (int i = 0; i < CODE_POINT_RANGES.length; i++) {
      ranges.add(Pair.of(CODE_POINT_WEIGHTS[i],
          Generate.range(CODE_POINT_RANGES[i][0], CODE_POINT_RANGES[i][1])));
    }
    return Generate.frequency(ranges);
  }

  /** Raw bytes of 0 to 400 bytes (lengths past 127 need a 2-byte uvarint). */
  public static Gen<byte[]> byteArrays() {
    Gen<Integer> length = Generate.frequency(List.of(
        Pair.of(1, Generate.constant(0)),
        Pair.of(7, Generate.range(1, 64)),
        Pair.of(2, Generate.range(65, 400))));
    return Generate.byteArrays(length, Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
  }

  /** Memory of 0 to 400 arbitrary bytes. */
  public static Gen<Memory> memory() {
    return byteArrays().map(Memory::wrap);
  }

  /** The field kinds {@code version}'s runtime writes. */
  public static List<FieldKind> fieldKinds(DumpVersion version) {
    if (version == DumpVersion.GO1_3) {
      return List.of(FieldKind.PTR, FieldKind.STRING, FieldKind.SLICE, FieldKind.IFACE,
          FieldKind.EFACE);
    }
    if (version == DumpVersion.GO1_4) {
      return List.of(FieldKind.PTR, FieldKind.IFACE, FieldKind.EFACE);
    }
    return List.of(FieldKind.PTR);
  }

  /**
   * Field lists of 0 to 12 entries with the kinds {@code version} writes and any offset a field
   * list can hold (0 to {@link FieldList#MAX_OFFSET}), in no particular order.
   */
  public static Gen<FieldList> fieldLists(DumpVersion version) {
    Gen<FieldKind> kind = Generate.pick(fieldKinds(version));
    Gen<Long> offset = Generate.frequency(List.of(
        Pair.of(6, Generate.longRange(0, 4096)),
        Pair.of(3, uvarints().map(v -> v & FieldList.MAX_OFFSET)),
        Pair.of(1, Generate.constant(FieldList.MAX_OFFSET))));
    Gen<Integer> count = Generate.range(0, 12);
    return in -> {
      int n = count.generate(in);
      List<Field> fields = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        fields.add(new Field(kind.generate(in), offset.generate(in)));
      }
      return FieldList.of(fields);
    };
  }

  /**
   * Field lists that describe memory of {@code length} bytes holding {@code pointerSize}-byte
   * words: ascending, word-aligned offsets, each entry (with all its words) inside the memory, as
   * the runtime writes them.
   */
  public static Gen<FieldList> fieldListsWithin(DumpVersion version, int length, int pointerSize) {
    Preconditions.checkArgument(pointerSize == 4 || pointerSize == 8, "pointer size %s", pointerSize);
    List<FieldKind> kinds = fieldKinds(version);
    Gen<Integer> kindIndex = Generate.range(0, kinds.size() - 1);
    Gen<Integer> percent = Generate.range(0, 99);
    return in -> {
      List<Field> fields = new ArrayList<>();
      int words = length / pointerSize;
      int word = 0;
      while (word < words) {
        FieldKind kind = kinds.get(kindIndex.generate(in));
        if (word + kind.words() <= words && percent.generate(in) < 40) {
          fields.add(new Field(kind, (long) word * pointerSize));
          word += kind.words();
        } else {
          word++;
        }
      }
      return FieldList.of(fields);
    };
  }

  /** Word formats of real targets: 8 or 4 bytes, little- or big-endian. */
  public static Gen<WordFormat> wordFormats() {
    return Generate.pick(List.of(
        WordFormat.LITTLE_ENDIAN_64, WordFormat.LITTLE_ENDIAN_32,
        new WordFormat(8, ByteOrder.BIG_ENDIAN), new WordFormat(4, ByteOrder.BIG_ENDIAN)));
  }

  // ---------------------------------------------------------------- records

  /** The EOF record. */
  public static Gen<Eof> eofs() {
    return Generate.constant(new Eof());
  }

  /**
   * Objects of go1.4 and later dumps: contents with a field list that lies inside them (offsets
   * aligned to 8 bytes, so valid for either pointer size).
   *
   * @throws IllegalArgumentException for {@link DumpVersion#GO1_3}, whose objects are
   *     {@link #objectsGo13()}
   */
  public static Gen<ObjectRecord> objects(DumpVersion version) {
    requireAtLeastGo14(version, "ObjectRecord");
    Gen<Long> address = uvarints();
    Gen<byte[]> bytes = byteArrays();
    return in -> {
      long a = address.generate(in);
      byte[] contents = bytes.generate(in);
      return new ObjectRecord(a, Memory.wrap(contents),
          fieldListsWithin(version, contents.length, 8).generate(in));
    };
  }

  /** Objects of go1.3 dumps, with every object kind the runtime writes. */
  public static Gen<ObjectRecordGo13> objectsGo13() {
    Gen<Long> u = uvarints();
    Gen<Long> kind = Generate.pick(List.of(
        (long) ObjectRecordGo13.KIND_REGULAR, (long) ObjectRecordGo13.KIND_ARRAY,
        (long) ObjectRecordGo13.KIND_CHANNEL, (long) ObjectRecordGo13.KIND_CONSERVATIVE));
    Gen<Memory> m = memory();
    return in -> new ObjectRecordGo13(u.generate(in), u.generate(in), kind.generate(in), m.generate(in));
  }

  /** Other-root records. */
  public static Gen<OtherRoot> otherRoots() {
    Gen<String> s = strings();
    Gen<Long> u = uvarints();
    return in -> new OtherRoot(s.generate(in), u.generate(in));
  }

  /** Type records of go1.4 and later dumps. */
  public static Gen<TypeRecord> types() {
    Gen<Long> u = uvarints();
    Gen<String> s = strings();
    Gen<Boolean> b = bools();
    return in -> new TypeRecord(u.generate(in), u.generate(in), s.generate(in), b.generate(in));
  }

  /** Type records of go1.3 dumps, with field lists of go1.3 kinds. */
  public static Gen<TypeRecordGo13> typesGo13() {
    Gen<Long> u = uvarints();
    Gen<String> s = strings();
    Gen<Boolean> b = bools();
    Gen<FieldList> f = fieldLists(DumpVersion.GO1_3);
    return in -> new TypeRecordGo13(
        u.generate(in), u.generate(in), s.generate(in), b.generate(in), f.generate(in));
  }

  /** Goroutine records (every field any value). */
  public static Gen<Goroutine> goroutines() {
    Gen<Long> u = uvarints();
    Gen<Boolean> b = bools();
    Gen<String> s = strings();
    return in -> new Goroutine(
        u.generate(in), u.generate(in), u.generate(in), u.generate(in), u.generate(in),
        b.generate(in), b.generate(in), u.generate(in), s.generate(in), u.generate(in),
        u.generate(in), u.generate(in), u.generate(in));
  }

  /** Stack frames whose field lists lie inside their contents. */
  public static Gen<StackFrame> stackFrames(DumpVersion version) {
    Gen<Long> u = uvarints();
    Gen<byte[]> bytes = byteArrays();
    Gen<String> s = strings();
    return in -> {
      long sp = u.generate(in);
      long depth = u.generate(in);
      long childSp = u.generate(in);
      byte[] contents = bytes.generate(in);
      return new StackFrame(sp, depth, childSp, Memory.wrap(contents), u.generate(in),
          u.generate(in), u.generate(in), s.generate(in),
          fieldListsWithin(version, contents.length, 8).generate(in));
    };
  }

  /** Params records of {@code version}'s layout, with a pointer size of 4 or 8 and either byte order. */
  public static Gen<DumpParams> params(DumpVersion version) {
    Gen<WordFormat> formats = wordFormats();
    return in -> params(version, formats.generate(in)).generate(in);
  }

  /** Params records of {@code version}'s layout naming the given pointer size and byte order. */
  public static Gen<DumpParams> params(DumpVersion version, WordFormat format) {
    Gen<Long> u = uvarints();
    Gen<String> s = strings();
    Gen<String> goarch = Generate.frequency(List.of(
        Pair.of(3, Generate.pick(GOARCHES)), Pair.of(1, strings())));
    Gen<Long> archChar = Generate.frequency(List.of(
        Pair.of(3, Generate.pick(List.of((long) '5', (long) '6', (long) '8', (long) '9'))),
        Pair.of(1, uvarints())));
    boolean big = format.bigEndian();
    long size = format.pointerSize();
    if (version == DumpVersion.GO1_3) {
      return in -> new ParamsGo13(big, size, u.generate(in), u.generate(in), u.generate(in),
          archChar.generate(in), s.generate(in), u.generate(in));
    }
    if (version.atLeast(DumpVersion.GO1_7)) {
      return in -> new Params(big, size, u.generate(in), u.generate(in), goarch.generate(in),
          s.generate(in), u.generate(in));
    }
    return in -> new ParamsGo14(big, size, u.generate(in), u.generate(in), archChar.generate(in),
        s.generate(in), u.generate(in));
  }

  /** Registered finalizer records. */
  public static Gen<Finalizer> finalizers() {
    Gen<Long> u = uvarints();
    return in -> new Finalizer(
        u.generate(in), u.generate(in), u.generate(in), u.generate(in), u.generate(in));
  }

  /** Queued finalizer records. */
  public static Gen<QueuedFinalizer> queuedFinalizers() {
    Gen<Long> u = uvarints();
    return in -> new QueuedFinalizer(
        u.generate(in), u.generate(in), u.generate(in), u.generate(in), u.generate(in));
  }

  /** Itab records of go1.4 and later dumps. */
  public static Gen<Itab> itabs() {
    Gen<Long> u = uvarints();
    return in -> new Itab(u.generate(in), u.generate(in));
  }

  /** Itab records of go1.3 dumps. */
  public static Gen<ItabGo13> itabsGo13() {
    Gen<Long> u = uvarints();
    Gen<Boolean> b = bools();
    return in -> new ItabGo13(u.generate(in), b.generate(in));
  }

  /** OS thread records. */
  public static Gen<OsThread> osThreads() {
    Gen<Long> u = uvarints();
    return in -> new OsThread(u.generate(in), u.generate(in), u.generate(in));
  }

  /** Memstats records: 281 independent uvarints. */
  public static Gen<MemStats> memStats() {
    Gen<Long> u = uvarints();
    return in -> {
      long[] values = new long[MemStats.VALUE_COUNT];
      for (int i = 0; i < values.length; i++) {
        values[i] = u.generate(in);
      }
      return MemStats.ofValues(values);
    };
  }

  /** Data segment records whose field lists lie inside their contents. */
  public static Gen<DataSegment> dataSegments(DumpVersion version) {
    Gen<Long> u = uvarints();
    Gen<byte[]> bytes = byteArrays();
    return in -> {
      long address = u.generate(in);
      byte[] contents = bytes.generate(in);
      return new DataSegment(address, Memory.wrap(contents),
          fieldListsWithin(version, contents.length, 8).generate(in));
    };
  }

  /** Bss segment records whose field lists lie inside their contents. */
  public static Gen<BssSegment> bssSegments(DumpVersion version) {
    return dataSegments(version).map(d -> new BssSegment(d.address(), d.contents(), d.fields()));
  }

  /** Defer records. */
  public static Gen<Defer> defers() {
    Gen<Long> u = uvarints();
    return in -> new Defer(u.generate(in), u.generate(in), u.generate(in), u.generate(in),
        u.generate(in), u.generate(in), u.generate(in));
  }

  /** Panic records. */
  public static Gen<Panic> panics() {
    Gen<Long> u = uvarints();
    return in -> new Panic(u.generate(in), u.generate(in), u.generate(in), u.generate(in),
        u.generate(in), u.generate(in));
  }

  /** Frames of a memory profile bucket's stack. */
  public static Gen<ProfileFrame> profileFrames() {
    Gen<String> s = strings();
    Gen<Long> u = uvarints();
    return in -> new ProfileFrame(s.generate(in), s.generate(in), u.generate(in));
  }

  /** Memory profile buckets with 0 to 6 frames. */
  public static Gen<MemProfileBucket> memProfileBuckets() {
    Gen<Long> u = uvarints();
    Gen<List<ProfileFrame>> frames = SourceDSL.lists().of(profileFrames()).ofSizeBetween(0, 6);
    return in -> new MemProfileBucket(
        u.generate(in), u.generate(in), frames.generate(in), u.generate(in), u.generate(in));
  }

  /** Allocation sample records. */
  public static Gen<AllocSample> allocSamples() {
    Gen<Long> u = uvarints();
    return in -> new AllocSample(u.generate(in), u.generate(in));
  }

  // ---------------------------------------------------------------- by version

  /**
   * One generator per record type that {@code version} holds, by record class, in tag order: 18
   * entries (tags 0 to 17) for every version.
   */
  public static Map<Class<? extends DumpRecord>, Gen<? extends DumpRecord>> byType(
      DumpVersion version) {
    boolean go13 = version == DumpVersion.GO1_3;
    Map<Class<? extends DumpRecord>, Gen<? extends DumpRecord>> gens = new LinkedHashMap<>();
    gens.put(Eof.class, eofs());
    if (go13) {
      gens.put(ObjectRecordGo13.class, objectsGo13());
    } else {
      gens.put(ObjectRecord.class, objects(version));
    }
    gens.put(OtherRoot.class, otherRoots());
    if (go13) {
      gens.put(TypeRecordGo13.class, typesGo13());
    } else {
      gens.put(TypeRecord.class, types());
    }
    gens.put(Goroutine.class, goroutines());
    gens.put(StackFrame.class, stackFrames(version));
    gens.put(go13 ? ParamsGo13.class
        : version.atLeast(DumpVersion.GO1_7) ? Params.class : ParamsGo14.class, params(version));
    gens.put(Finalizer.class, finalizers());
    if (go13) {
      gens.put(ItabGo13.class, itabsGo13());
    } else {
      gens.put(Itab.class, itabs());
    }
    gens.put(OsThread.class, osThreads());
    gens.put(MemStats.class, memStats());
    gens.put(QueuedFinalizer.class, queuedFinalizers());
    gens.put(DataSegment.class, dataSegments(version));
    gens.put(BssSegment.class, bssSegments(version));
    gens.put(Defer.class, defers());
    gens.put(Panic.class, panics());
    gens.put(MemProfileBucket.class, memProfileBuckets());
    gens.put(AllocSample.class, allocSamples());
    return gens;
  }

  /** Any single record that {@code version} holds, each record type equally likely. */
  public static Gen<DumpRecord> recordsOf(DumpVersion version) {
    List<Gen<? extends DumpRecord>> gens = new ArrayList<>(byType(version).values());
    Gen<Integer> pick = Generate.range(0, gens.size() - 1);
    return in -> gens.get(pick.generate(in)).generate(in);
  }

  private static void requireAtLeastGo14(DumpVersion version, String what) {
    Preconditions.checkArgument(
        version.atLeast(DumpVersion.GO1_4), "%s does not exist in %s dumps", what, version);
  }
}
