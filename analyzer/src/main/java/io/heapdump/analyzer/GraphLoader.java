package io.heapdump.analyzer;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.Defer;
import io.heapdump.codec.DumpFormatException;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Finalizer;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.OtherRoot;
import io.heapdump.codec.Panic;
import io.heapdump.codec.QueuedFinalizer;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.WordFormat;
import io.heapdump.reader.DumpReader;
import io.heapdump.reader.ObjectIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds a {@link HeapGraph}: the reader's {@link ObjectIndex} (one pass, contents skipped)
 * numbers the objects by address; a second pass reads pointer words into edges and collects the
 * roots. Go writes objects span by span, not in address order, so edges are appended in file
 * order with each object's row remembered, then placed in address order.
 */
final class GraphLoader {
  private final Path path;
  private final ObjectIndex objects;
  private final ObjectIndex.Lookup pointers;
  private DumpParams params;
  private WordFormat format;
  /** Where each object's row starts in {@link #fileTargets} (file order). */
  private final long[] rowStarts;
  private final int[] edgeStarts;
  private final IntChunks fileTargets = new IntChunks();
  private final Roots.Builder roots = new Roots.Builder();
  private final Map<Long, Long> goroutineIdByG = new HashMap<>();
  private long goroutineId = -1;

  private GraphLoader(Path path, ObjectIndex objects) {
    this.path = path;
    this.objects = objects;
    this.pointers = objects.fastLookup();
    this.rowStarts = new long[objects.size()];
    this.edgeStarts = new int[objects.size() + 1]; // each row's length until the rows are placed
  }

  static HeapGraph load(Path path) throws IOException {
    ObjectIndex objects = ObjectIndex.build(path);
    try {
      GraphLoader loader = new GraphLoader(path, objects);
      loader.readPointers();
      return new HeapGraph(path, loader.params, objects, loader.edgeStarts,
          loader.edgesInAddressOrder(), loader.roots.build());
    } catch (IOException | RuntimeException e) {
      objects.close();
      throw e;
    }
  }

  private void readPointers() throws IOException {
    try (DumpReader reader = DumpReader.open(path)) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        if (params == null && reader.params() != null) {
          params = reader.params();
          format = params.wordFormat();
        }
        if (format == null && holdsPointerWords(r)) {
          throw new DumpFormatException("a record with pointer words comes before the params record",
              reader.recordStart(), r.tag(), DumpFormatException.NO_RECORD, false);
        }
        if (r instanceof ObjectRecord o) {
          addObjectEdges(nodeAt(o.address(), reader), r);
        } else if (r instanceof ObjectRecordGo13 o) {
          addObjectEdges(nodeAt(o.address(), reader), r);
        } else {
          addRoots(r);
        }
      }
    }
    if (params == null) {
      throw new DumpFormatException("the dump has no params record", 0,
          DumpFormatException.NO_TAG, DumpFormatException.NO_RECORD, false);
    }
  }

  private int nodeAt(long address, DumpReader reader) throws DumpFormatException {
    int v = pointers.indexOfStart(address);
    if (v < 0) {
      throw new DumpFormatException("the object at 0x" + Long.toHexString(address)
          + " was not indexed: the file changed while it was read", reader.recordStart(),
          ObjectRecord.TAG, DumpFormatException.NO_RECORD, false);
    }
    return v;
  }

  /** The edge rows in address order: fills {@link #edgeStarts}, returns the targets. */
  private int[] edgesInAddressOrder() throws IOException {
    if (fileTargets.size() > Integer.MAX_VALUE - 16) {
      throw new IOException(path + " has more than 2^31 pointers into the heap, beyond what one"
          + " graph holds");
    }
    int n = objects.size();
    int[] targets = new int[(int) fileTargets.size()];
    int next = 0;
    for (int v = 0; v < n; v++) {
      int count = edgeStarts[v];
      fileTargets.copyTo(rowStarts[v], targets, next, count);
      edgeStarts[v] = next;
      next += count;
    }
    edgeStarts[n] = next;
    return targets;
  }

  private static boolean holdsPointerWords(DumpRecord r) {
    return r instanceof ObjectRecord || r instanceof ObjectRecordGo13 || r instanceof StackFrame
        || r instanceof DataSegment || r instanceof BssSegment;
  }

  private void addObjectEdges(int v, DumpRecord record) {
    long start = fileTargets.size();
    rowStarts[v] = start;
    if (record instanceof ObjectRecord o) {
      Memory contents = o.contents();
      int size = format.pointerSize();
      FieldList fields = o.fields();
      for (int i = 0; i < fields.size(); i++) {
        int offset = pointerWordOffset(fields, i, size);
        if (offset >= 0 && offset <= contents.length() - size) {
          addEdge(contents.pointerAt(offset, format));
        }
      }
    } else if (record instanceof ObjectRecordGo13 o) {
      // Go 1.3 objects carry no field list: every aligned word is scanned conservatively.
      Memory contents = o.contents();
      int size = format.pointerSize();
      for (int offset = 0; offset + size <= contents.length(); offset += size) {
        addEdge(contents.pointerAt(offset, format));
      }
    }
    edgeStarts[v] = (int) (fileTargets.size() - start);
  }

  private void addEdge(long pointer) {
    int w = pointers.indexOf(pointer);
    if (w >= 0) {
      fileTargets.add(w);
    }
  }

  /**
   * The offset of the heap pointer word of field {@code i}: the word itself for Ptr, String and
   * Slice entries, the data word for interfaces (their first word names a type). -1 if too large.
   */
  static int pointerWordOffset(FieldList fields, int i, int pointerSize) {
    long offset = fields.offset(i);
    switch (fields.kind(i)) {
      case IFACE:
      case EFACE:
        offset += pointerSize;
        break;
      default:
        break;
    }
    return offset > Integer.MAX_VALUE ? -1 : (int) offset;
  }

  private void addRoots(DumpRecord r) {
    if (r instanceof Goroutine g) {
      goroutineId = g.id();
      goroutineIdByG.put(g.address(), g.id());
      addRoot(RootKind.GOROUTINE_CONTEXT, g.context(), g.address(), g.id(), -1, null);
    } else if (r instanceof StackFrame f) {
      addMemoryRoots(RootKind.STACK, f.sp(), f.contents(), f.fields(), goroutineId,
          (int) f.depth(), f.functionName());
    } else if (r instanceof DataSegment d) {
      addMemoryRoots(RootKind.DATA, d.address(), d.contents(), d.fields(), -1, -1, null);
    } else if (r instanceof BssSegment b) {
      addMemoryRoots(RootKind.BSS, b.address(), b.contents(), b.fields(), -1, -1, null);
    } else if (r instanceof Finalizer f) {
      addRoot(RootKind.FINALIZER, f.object(), f.object(), -1, -1, null);
      addRoot(RootKind.FINALIZER_FUNC, f.funcval(), f.object(), -1, -1, null);
    } else if (r instanceof QueuedFinalizer f) {
      addRoot(RootKind.QUEUED_FINALIZER, f.object(), f.object(), -1, -1, null);
      addRoot(RootKind.QUEUED_FINALIZER_FUNC, f.funcval(), f.object(), -1, -1, null);
    } else if (r instanceof OtherRoot o) {
      addRoot(RootKind.OTHER, o.pointer(), 0, -1, -1, o.description());
    } else if (r instanceof Defer d) {
      long g = goroutineIdByG.getOrDefault(d.goroutine(), -1L);
      addRoot(RootKind.DEFER, d.address(), d.address(), g, -1, null);
      addRoot(RootKind.DEFER, d.funcval(), d.address(), g, -1, null);
    } else if (r instanceof Panic p) {
      long g = goroutineIdByG.getOrDefault(p.goroutine(), -1L);
      addRoot(RootKind.PANIC, p.address(), p.address(), g, -1, null);
      addRoot(RootKind.PANIC, p.valueData(), p.address(), g, -1, null);
    }
  }

  private void addMemoryRoots(RootKind kind, long base, Memory contents, FieldList fields,
      long goroutine, int depth, String text) {
    int size = format.pointerSize();
    for (int i = 0; i < fields.size(); i++) {
      int offset = pointerWordOffset(fields, i, size);
      if (offset >= 0 && offset <= contents.length() - size) {
        addRoot(kind, contents.pointerAt(offset, format), base + offset, goroutine, depth, text);
      }
    }
  }

  private void addRoot(RootKind kind, long pointer, long location, long goroutine, int depth,
      String text) {
    int target = pointers.indexOf(pointer);
    if (target >= 0) {
      roots.add(kind, target, pointer, location, goroutine, depth, text);
    }
  }
}
