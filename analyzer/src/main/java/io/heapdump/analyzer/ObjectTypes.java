package io.heapdump.analyzer;

import io.heapdump.codec.BssSegment;
import io.heapdump.codec.DataSegment;
import io.heapdump.codec.DumpParams;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.FieldList;
import io.heapdump.codec.Itab;
import io.heapdump.codec.Memory;
import io.heapdump.codec.ObjectRecord;
import io.heapdump.codec.ObjectRecordGo13;
import io.heapdump.codec.Params;
import io.heapdump.codec.StackFrame;
import io.heapdump.codec.TypeRecord;
import io.heapdump.codec.TypeRecordGo13;
import io.heapdump.codec.WordFormat;
import io.heapdump.reader.DumpReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of each object where the dump tells it, else its layout ("size 32, ptrs at 0,8"), as
 * the old Go tools grouped objects. Evidence, first found wins:
 * <ul>
 *   <li>an interface word pair anywhere (objects, data, bss, stack frames) whose first word is a
 *       known itab or type descriptor and whose data word points at an object's start;
 *   <li>Go 1.3 objects name their type; dumps written from a JVM put the class's type record
 *       address in each object's first word ({@link #isJvmWritten});
 *   <li>since Go 1.22, scannable objects over 512 bytes start with their type word.
 * </ul>
 * Each object gets a class: a type ({@code 0..typeCount()-1}) or a layout (above).
 */
public final class ObjectTypes {
  private static final Pattern GO_VERSION = Pattern.compile("^go(\\d+)\\.(\\d+)");
  private static final int MALLOC_HEADER_MIN_SIZE = 512;

  private final List<String> typeNames;
  private final List<Layout> layouts;
  private final int[] typeOf;
  private final int[] layoutOf;

  private ObjectTypes(List<String> typeNames, List<Layout> layouts, int[] typeOf, int[] layoutOf) {
    this.typeNames = typeNames;
    this.layouts = layouts;
    this.typeOf = typeOf;
    this.layoutOf = layoutOf;
  }

  /** Infers types for the objects of {@code graph}, reading its dump again (two passes). */
  public static ObjectTypes infer(HeapGraph graph) throws IOException {
    return new Inference(graph).run();
  }

  /**
   * Whether the dump was written from a JVM heap by this project's writer: its params carry the
   * JVM's {@code java.version} (or {@code unknown}) where Go writes its own version ({@code go1.x})
   * or, before Go 1.17, a GOEXPERIMENT list. Such dumps start each object with its class's type
   * record address, and hold no interface word pairs.
   */
  public static boolean isJvmWritten(DumpParams params) {
    if (!(params instanceof Params p)) {
      return false;
    }
    String version = p.buildVersion();
    return version.equals("unknown") || (!version.isEmpty() && Character.isDigit(version.charAt(0)));
  }

  /** Whether the build version is Go 1.22 or later (objects may start with a type word). */
  static boolean hasMallocHeaders(DumpParams params) {
    if (!(params instanceof Params p)) {
      return false;
    }
    Matcher m = GO_VERSION.matcher(p.buildVersion());
    return m.find() && (Integer.parseInt(m.group(1)) > 1 || Integer.parseInt(m.group(2)) >= 22);
  }

  /** The type name of object {@code v}, or null when the dump does not tell. */
  public String typeName(int v) {
    return typeOf[v] < 0 ? null : typeNames.get(typeOf[v]);
  }

  /** The object's class: its type id, or {@code typeCount() + layout id} when untyped. */
  public int classOf(int v) {
    return typeOf[v] >= 0 ? typeOf[v] : typeNames.size() + layoutOf[v];
  }

  /** Number of classes (types plus layouts). */
  public int classCount() {
    return typeNames.size() + layouts.size();
  }

  /** Number of distinct type names given to objects. */
  public int typeCount() {
    return typeNames.size();
  }

  /** The name of class {@code c}: a type name or a layout such as {@code size 32, ptrs at 0,8}. */
  public String className(int c) {
    return c < typeNames.size() ? typeNames.get(c) : layouts.get(c - typeNames.size()).describe();
  }

  /** The type name of object {@code v}, or its layout. */
  public String label(int v) {
    return className(classOf(v));
  }

  /** Number of objects with a known type. */
  public int typedCount() {
    int typed = 0;
    for (int t : typeOf) {
      if (t >= 0) {
        typed++;
      }
    }
    return typed;
  }

  /** An untyped object's layout: its size and pointer words. */
  private record Layout(int size, FieldList fields, int pointerSize) {
    String describe() {
      if (fields.isEmpty()) {
        return "size " + size + ", no ptrs";
      }
      StringBuilder sb = new StringBuilder("size ").append(size).append(", ptrs at ");
      int shown = Math.min(fields.size(), 8);
      for (int i = 0; i < shown; i++) {
        sb.append(i == 0 ? "" : ",").append(GraphLoader.pointerWordOffset(fields, i, pointerSize));
      }
      if (shown < fields.size()) {
        sb.append(",... (").append(fields.size()).append(" ptrs, layout ")
            .append(Integer.toHexString(fields.hashCode())).append(')');
      }
      return sb.toString();
    }
  }

  /** A type descriptor or itab that can stand in the first word of an interface. */
  private record TypeWord(long address, long size, String name) {}

  private static final class Inference {
    private final HeapGraph graph;
    private final WordFormat format;
    private final List<String> typeNames = new ArrayList<>();
    private final Map<String, Integer> typeIds = new HashMap<>();
    private final Map<Long, TypeRecord> typeRecords = new HashMap<>();
    private final Map<Long, Long> itabTypes = new HashMap<>();
    private final List<Layout> layouts = new ArrayList<>();
    private final Map<Layout, Integer> layoutIds = new HashMap<>();
    private long[] wordKeys = new long[0];
    private TypeWord[] words = new TypeWord[0];
    private final int[] typeOf;
    private final int[] layoutOf;
    private final boolean jvm;
    private final boolean mallocHeaders;

    Inference(HeapGraph graph) {
      this.graph = graph;
      this.format = graph.wordFormat();
      typeOf = new int[graph.objectCount()];
      layoutOf = new int[graph.objectCount()];
      Arrays.fill(typeOf, -1);
      jvm = isJvmWritten(graph.params());
      mallocHeaders = hasMallocHeaders(graph.params()) && format.pointerSize() == 8;
    }

    ObjectTypes run() throws IOException {
      try (DumpReader reader = DumpReader.open(graph.source()).skipContents(true)) {
        for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
          if (r instanceof TypeRecord t) {
            typeRecords.put(t.address(), t);
          } else if (r instanceof TypeRecordGo13 t) {
            typeRecords.put(t.address(), new TypeRecord(t.address(), t.size(), t.name(), t.pointerInInterface()));
          } else if (r instanceof Itab i) {
            itabTypes.put(i.address(), i.typeAddress());
          }
        }
      }
      indexTypeWords();
      try (DumpReader reader = DumpReader.open(graph.source())) {
        for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
          if (r instanceof ObjectRecord o) {
            int v = graph.indexOfStart(o.address());
            layoutOf[v] = layoutId(new Layout(o.contents().length(), o.fields(), format.pointerSize()));
            headerType(v, o.contents(), o.fields());
            interfacePairs(o.contents(), o.fields());
          } else if (r instanceof ObjectRecordGo13 o) {
            int v = graph.indexOfStart(o.address());
            layoutOf[v] = layoutId(new Layout(o.contents().length(), FieldList.EMPTY, format.pointerSize()));
            TypeRecord t = typeRecords.get(o.typeAddress());
            if (t != null) {
              assign(v, typeId(o.kind() == ObjectRecordGo13.KIND_ARRAY ? "[]" + t.name() : t.name()));
            }
          } else if (r instanceof DataSegment d) {
            interfacePairs(d.contents(), d.fields());
          } else if (r instanceof BssSegment b) {
            interfacePairs(b.contents(), b.fields());
          } else if (r instanceof StackFrame f) {
            interfacePairs(f.contents(), f.fields());
          }
        }
      }
      return new ObjectTypes(List.copyOf(typeNames), List.copyOf(layouts), typeOf, layoutOf);
    }

    /** Sorted addresses of itabs and type descriptors, for a binary search per candidate word. */
    private void indexTypeWords() {
      Map<Long, TypeWord> byAddress = new HashMap<>();
      for (TypeRecord t : typeRecords.values()) {
        byAddress.put(t.address(), typeWord(t));
      }
      for (Map.Entry<Long, Long> itab : itabTypes.entrySet()) {
        TypeRecord t = typeRecords.get(itab.getValue());
        if (t != null) {
          byAddress.putIfAbsent(itab.getKey(), typeWord(t));
        }
      }
      wordKeys = byAddress.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
      words = new TypeWord[wordKeys.length];
      for (int i = 0; i < wordKeys.length; i++) {
        words[i] = byAddress.get(wordKeys[i]);
      }
    }

    private TypeWord typeWord(TypeRecord t) {
      return new TypeWord(t.address(), t.size(), t.name());
    }

    private int typeId(String name) {
      return typeIds.computeIfAbsent(name, k -> {
        typeNames.add(k);
        return typeNames.size() - 1;
      });
    }

    private int layoutId(Layout layout) {
      return layoutIds.computeIfAbsent(layout, k -> {
        layouts.add(k);
        return layouts.size() - 1;
      });
    }

    private TypeWord typeWordAt(long word) {
      int i = Arrays.binarySearch(wordKeys, word);
      return i >= 0 ? words[i] : null;
    }

    /** JVM-written objects and Go 1.22+ large objects name their type in their first word. */
    private void headerType(int v, Memory contents, FieldList fields) {
      int size = format.pointerSize();
      if (contents.length() < size || !(jvm || mallocHeaders)) {
        return;
      }
      long word = contents.pointerAt(0, format);
      if (jvm) {
        TypeRecord t = typeRecords.get(word);
        if (t != null) {
          assign(v, typeId(t.name()));
        }
      } else if (contents.length() > MALLOC_HEADER_MIN_SIZE && !fields.isEmpty() && word != 0) {
        TypeRecord t = typeRecords.get(word);
        assign(v, typeId(t != null ? t.name() : "type at 0x" + Long.toHexString(word)));
      }
    }

    /**
     * Types the objects that interface values in this memory point at. The field list names the
     * data word (Go 1.5+: only it is a pointer field; Go 1.4: an Iface/Eface entry), and the word
     * before it is the itab or type word.
     */
    private void interfacePairs(Memory contents, FieldList fields) {
      if (wordKeys.length == 0 || jvm) {
        return;
      }
      int size = format.pointerSize();
      int length = contents.length();
      for (int i = 0; i < fields.size(); i++) {
        int data = GraphLoader.pointerWordOffset(fields, i, size);
        if (data >= size && data <= length - size) {
          TypeWord t = typeWordAt(contents.pointerAt(data - size, format));
          if (t != null) {
            typeData(t, contents.pointerAt(data, format));
          }
        }
      }
    }

    /**
     * Types the object an interface data word points at. Pointer-shaped types hold the pointer
     * itself; Go writes a pointer type's name as its package and a dot only ("main."), so its
     * element is named by the descriptor's address. Other types hold a pointer to a boxed copy.
     */
    private void typeData(TypeWord t, long data) {
      int v = graph.indexOfStart(data);
      if (v < 0 || typeOf[v] >= 0) {
        return;
      }
      String name = t.name();
      if (name.startsWith("*")) {
        assign(v, typeId(name.substring(1)));
      } else if (name.endsWith(".")) {
        assign(v, typeId(name + "? (elem of pointer type 0x" + Long.toHexString(t.address()) + ")"));
      } else if (name.startsWith("map[")) {
        assign(v, typeId("runtime.hmap (" + name + ")"));
      } else if (name.startsWith("chan ") || name.startsWith("<-chan ")) {
        assign(v, typeId("runtime.hchan (" + name + ")"));
      } else if (name.startsWith("func(")) {
        assign(v, typeId("closure (" + name + ")"));
      } else if (t.size() > 0 && t.size() <= graph.size(v)) {
        assign(v, typeId(name)); // a boxed copy of the value
      }
    }

    private void assign(int v, int type) {
      if (typeOf[v] < 0) {
        typeOf[v] = type;
      }
    }
  }
}
