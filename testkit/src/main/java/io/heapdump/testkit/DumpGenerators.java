package io.heapdump.testkit;

import com.google.common.base.Preconditions;
import io.heapdump.codec.AllocSample;
import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.codec.Eof;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Itab;
import io.heapdump.codec.MemProfileBucket;
import io.heapdump.codec.MemStats;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.Panic;
import io.heapdump.codec.Params;
import io.heapdump.codec.ParamsGo13;
import io.heapdump.codec.ParamsGo14;
import io.heapdump.codec.Records;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.TypeRecordGo13;
import io.heapdump.codec.WordFormat;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.Generate;

/**
 * QuickTheories generators for whole dumps: a params record first, then records in the order the
 * Go runtime writes them (itabs with their types, objects, goroutines each followed by its frames,
 * defers and panics, threads, data and bss segments, other roots, finalizers, queued finalizers,
 * memstats, profile buckets, allocation samples), an EOF record last.
 *
 * <pre>{@code
 * qt().forAll(DumpGenerators.objectGraphs(DumpVersion.GO1_7)).checkAssert(g -> {
 *   MyGraph graph = MyGraph.build(Records.encodeDump(g.version(), g.records()));
 *   assertEquals(g.edges().size(), graph.edgeCount());
 * });
 * }</pre>
 */
public final class DumpGenerators {
  private DumpGenerators() {}

  /**
   * Whole dumps of {@code version} with every record type the version holds (0 to a few of each,
   * one memstats, one data and one bss segment), values over the full uvarint range. Goroutines are followed by a consistent frame chain
   * (depth 0, 1, ..., each frame's child sp the previous frame's sp) and by defers and panics
   * naming them; allocation samples name a bucket of the dump when there is one.
   */
  public static Gen<List<DumpRecord>> dumps(DumpVersion version) {
    Gen<WordFormat> formats = RecordGenerators.wordFormats();
    Gen<Integer> few = Generate.range(0, 3);
    Gen<Boolean> coin = Generate.booleans();
    Gen<Long> u = RecordGenerators.uvarints();
    boolean go13 = version == DumpVersion.GO1_3;
    return in -> {
      List<DumpRecord> out = new ArrayList<>();
      out.add(RecordGenerators.params(version, formats.generate(in)).generate(in));
      for (int i = few.generate(in); i > 0; i--) {
        if (go13) {
          out.add(RecordGenerators.itabsGo13().generate(in));
        } else {
          Itab itab = RecordGenerators.itabs().generate(in);
          if (coin.generate(in)) {
            TypeRecord t = RecordGenerators.types().generate(in);
            out.add(new TypeRecord(itab.typeAddress(), t.size(), t.name(), t.pointerInInterface()));
          }
          out.add(itab);
        }
      }
      if (go13 || version == DumpVersion.GO1_4) {
        Gen<? extends DumpRecord> types =
            go13 ? RecordGenerators.typesGo13() : RecordGenerators.types();
        addSome(out, types, few, in);
      }
      addSome(out, go13 ? RecordGenerators.objectsGo13() : RecordGenerators.objects(version),
          Generate.range(0, 8), in);
      for (int g = few.generate(in); g > 0; g--) {
        Goroutine goroutine = RecordGenerators.goroutines().generate(in);
        out.add(goroutine);
        addFrames(out, version, goroutine.sp(), few.generate(in), in);
        for (int d = few.generate(in); d > 0; d--) {
          Defer x = RecordGenerators.defers().generate(in);
          out.add(new Defer(x.address(), goroutine.address(), x.sp(), x.pc(), x.funcval(),
              x.functionPc(), x.next()));
        }
        if (coin.generate(in)) {
          Panic p = RecordGenerators.panics().generate(in);
          out.add(new Panic(p.address(), goroutine.address(), p.valueType(), p.valueData(),
              go13 ? p.runningDefer() : 0, p.next()));
        }
      }
      addSome(out, RecordGenerators.osThreads(), few, in);
      out.add(RecordGenerators.dataSegments(version).generate(in));
      out.add(RecordGenerators.bssSegments(version).generate(in));
      addSome(out, RecordGenerators.otherRoots(), few, in); // Go 1.3 wrote them; any version can
      addSome(out, RecordGenerators.finalizers(), few, in);
      addSome(out, RecordGenerators.queuedFinalizers(), few, in);
      out.add(RecordGenerators.memStats().generate(in));
      List<Long> buckets = new ArrayList<>();
      for (int b = few.generate(in); b > 0; b--) {
        MemProfileBucket bucket = RecordGenerators.memProfileBuckets().generate(in);
        buckets.add(bucket.address());
        out.add(bucket);
      }
      for (int s = few.generate(in); s > 0; s--) {
        long bucket = buckets.isEmpty() ? u.generate(in)
            : buckets.get(Generate.range(0, buckets.size() - 1).generate(in));
        out.add(new AllocSample(u.generate(in), bucket));
      }
      out.add(new Eof());
      return List.copyOf(out);
    };
  }

  private static void addSome(
      List<DumpRecord> out, Gen<? extends DumpRecord> gen, Gen<Integer> count, RandomnessSource in) {
    for (int i = count.generate(in); i > 0; i--) {
      out.add(gen.generate(in));
    }
  }

  /** Frames of one goroutine, innermost first, each frame's sp above its child's. */
  private static void addFrames(
      List<DumpRecord> out, DumpVersion version, long topSp, int count, RandomnessSource in) {
    long sp = topSp;
    long childSp = 0;
    for (int depth = 0; depth < count; depth++) {
      StackFrame f = RecordGenerators.stackFrames(version).generate(in);
      out.add(new StackFrame(sp, depth, childSp, f.contents(), f.entryPc(), f.pc(),
          f.continuationPc(), f.functionName(), f.fields()));
      childSp = sp;
      sp += f.contents().length();
    }
  }

  /** {@link #objectGraphs(DumpVersion, WordFormat)} with any of the four word formats. */
  public static Gen<GraphDump> objectGraphs(DumpVersion version) {
    Gen<WordFormat> formats = RecordGenerators.wordFormats();
    return in -> objectGraphs(version, formats.generate(in)).generate(in);
  }

  /**
   * Dumps of 1 to 40 heap objects laid out in address order (with gaps) inside the params' heap
   * range, whose pointer fields hold, in the params' byte order: nil, the start of another (or the
   * same) object, an interior address of an object, or an address outside the heap (in the data
   * segment, or unmapped). A data segment, a bss segment and one goroutine's stack frames hold
   * roots into the heap the same way. Go 1.3 objects get a type record each that carries their
   * field list.
   *
   * <p>{@link GraphDump#edges()} lists every pointer that lands inside an object, as the oracle for
   * graph builders.
   */
  public static Gen<GraphDump> objectGraphs(DumpVersion version, WordFormat format) {
    return in -> new GraphBuilder(version, format, in).build();
  }

  /**
   * A generated dump with the pointers it was built with.
   *
   * @param version the dump's version
   * @param wordFormat pointer size and byte order of its params
   * @param records every record, params first, EOF last
   * @param objectAddresses start addresses of its heap objects, ascending
   * @param objectSizes the objects' sizes, by the same index
   * @param edges every pointer (from an object, segment or frame) that lands inside an object
   */
  public record GraphDump(
      DumpVersion version, WordFormat wordFormat, List<DumpRecord> records,
      long[] objectAddresses, long[] objectSizes, List<Edge> edges) {
    /** Keeps copies of the arrays. */
    public GraphDump {
      records = List.copyOf(records);
      objectAddresses = objectAddresses.clone();
      objectSizes = objectSizes.clone();
      edges = List.copyOf(edges);
    }

    /** The dump's bytes, header included. */
    public byte[] encode() throws DumpFormatException {
      return Records.encodeDump(version, records);
    }

    /** Start addresses of the heap objects, ascending (a copy). */
    @Override
    public long[] objectAddresses() {
      return objectAddresses.clone();
    }

    /** The heap objects' sizes (a copy). */
    @Override
    public long[] objectSizes() {
      return objectSizes.clone();
    }

    @Override
    public String toString() {
      return "GraphDump[" + version + ", " + wordFormat + ", " + objectAddresses.length
          + " objects, " + edges.size() + " edges]";
    }
  }

  /**
   * One pointer into the heap.
   *
   * @param source start address of the memory holding the pointer: an object, a data or bss
   *     segment, or a stack frame's sp
   * @param offset the pointer's offset in that memory
   * @param pointer the pointer's value (possibly interior)
   * @param target start address of the object the pointer lands in
   * @param fromRoot whether the source is a segment or stack frame rather than an object
   */
  public record Edge(long source, long offset, long pointer, long target, boolean fromRoot) {}

  /** Builds one object graph dump from one randomness source. */
  private static final class GraphBuilder {
    private final DumpVersion version;
    private final WordFormat format;
    private final RandomnessSource in;
    private final int ptr;
    private final List<Edge> edges = new ArrayList<>();
    private long[] starts;
    private long[] sizes;
    private long heapStart;
    private long heapEnd;
    private long dataStart;

    GraphBuilder(DumpVersion version, WordFormat format, RandomnessSource in) {
      Preconditions.checkNotNull(format, "format");
      this.version = version;
      this.format = format;
      this.in = in;
      this.ptr = format.pointerSize();
    }

    private int range(int from, int to) {
      return Generate.range(from, to).generate(in);
    }

    GraphDump build() {
      // Real targets' layouts: 64-bit heaps at 0xc000000000, 32-bit ones below 4 GiB.
      heapStart = (ptr == 8 ? 0xc000000000L : 0x18000000L) + 0x2000L * range(0, 255);
      dataStart = ptr == 8 ? 0x560000L : 0x8100000L;
      int count = range(1, 40);
      starts = new long[count];
      sizes = new long[count];
      long at = heapStart;
      for (int i = 0; i < count; i++) {
        at += (long) ptr * range(0, 1) * range(0, 4); // gaps between objects, often none
        starts[i] = at;
        sizes[i] = (long) ptr * range(1, 32);
        at += sizes[i];
      }
      heapEnd = (at + 0x1fff) & ~0x1fffL;

      List<DumpRecord> records = new ArrayList<>();
      records.add(withHeap(RecordGenerators.params(version, format).generate(in)));
      for (int i = 0; i < count; i++) {
        byte[] contents = randomBytes((int) sizes[i]);
        FieldList fields = pointerFields(contents.length);
        fillPointers(contents, fields, starts[i], false);
        if (version == DumpVersion.GO1_3) {
          long typeAddress = dataStart - 0x10000L + 0x40L * i;
          records.add(new TypeRecordGo13(typeAddress, sizes[i], "main.T" + i, true, fields));
          records.add(new ObjectRecordGo13(starts[i], typeAddress, ObjectRecordGo13.KIND_REGULAR,
              Memory.wrap(contents)));
        } else {
          records.add(new ObjectRecord(starts[i], Memory.wrap(contents), fields));
        }
      }
      long g = heapEnd + 0x100L;
      long sp = heapEnd + 0x10000L + (long) ptr * range(0, 64); // stacks outside the objects
      records.add(new Goroutine(g, sp, 1, 0x401000, Goroutine.STATUS_WAITING, false, false, 0,
          "chan receive", 0, 0, 0, 0));
      long childSp = 0;
      for (int depth = 0, frames = range(1, 3); depth < frames; depth++) {
        byte[] contents = randomBytes(ptr * range(1, 12));
        FieldList fields = pointerFields(contents.length);
        fillPointers(contents, fields, sp, true);
        records.add(new StackFrame(sp, depth, childSp, Memory.wrap(contents), 0x401000 + depth,
            0x401010 + depth, 0, "main.f" + depth, fields));
        childSp = sp;
        sp += contents.length;
      }
      byte[] data = randomBytes(ptr * range(1, 16));
      FieldList dataFields = pointerFields(data.length);
      fillPointers(data, dataFields, dataStart, true);
      records.add(new DataSegment(dataStart, Memory.wrap(data), dataFields));
      long bssStart = dataStart + 0x10000L;
      byte[] bss = randomBytes(ptr * range(1, 16));
      FieldList bssFields = pointerFields(bss.length);
      fillPointers(bss, bssFields, bssStart, true);
      records.add(new BssSegment(bssStart, Memory.wrap(bss), bssFields));
      records.add(MemStats.ofValues(new long[MemStats.VALUE_COUNT]));
      records.add(new Eof());
      return new GraphDump(version, format, records, starts, sizes, edges);
    }

    private DumpRecord withHeap(DumpRecord params) {
      if (params instanceof Params p) {
        return new Params(p.bigEndian(), p.pointerSize(), heapStart, heapEnd,
            p.goarch(), p.buildVersion(), p.cpuCount());
      }
      if (params instanceof ParamsGo14 p) {
        return new ParamsGo14(p.bigEndian(), p.pointerSize(), heapStart,
            heapEnd, p.architectureChar(), p.goExperiment(), p.cpuCount());
      }
      ParamsGo13 p = (ParamsGo13) params;
      return new ParamsGo13(p.bigEndian(), p.pointerSize(),
          p.channelHeaderSize(), heapStart, heapEnd, p.architectureChar(), p.goExperiment(),
          p.cpuCount());
    }

    private byte[] randomBytes(int length) {
      byte[] out = new byte[length];
      Gen<Byte> b = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
      for (int i = 0; i < length; i++) {
        out[i] = b.generate(in);
      }
      return out;
    }

    /** Ptr entries (the only kind every version has) at about 40% of the words. */
    private FieldList pointerFields(int length) {
      return RecordGenerators.fieldListsWithin(DumpVersion.GO1_7, length, ptr).generate(in);
    }

    /** Writes a pointer value into every field of {@code contents} and records the edges. */
    private void fillPointers(byte[] contents, FieldList fields, long source, boolean fromRoot) {
      ByteBuffer words = ByteBuffer.wrap(contents).order(format.byteOrder());
      for (int f = 0; f < fields.size(); f++) {
        int offset = (int) fields.offset(f);
        long value;
        int choice = range(0, 99);
        if (choice < 15) {
          value = 0;
        } else if (choice < 85) {
          int target = range(0, starts.length - 1);
          boolean interior = choice >= 60;
          value = starts[target] + (interior ? range(0, (int) sizes[target] - 1) : 0);
          edges.add(new Edge(source, offset, value, starts[target], fromRoot));
        } else if (choice < 93) {
          value = dataStart + (long) ptr * range(0, 63); // a global, outside the heap
        } else {
          value = heapEnd + (long) ptr * range(1, 1 << 16); // past the heap
        }
        if (ptr == 8) {
          words.putLong(offset, value);
        } else {
          words.putInt(offset, (int) value);
        }
      }
    }
  }
}
