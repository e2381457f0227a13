package io.heapdump.writer.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.QuickTheory.qt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random Java object graphs, held live while this JVM is dumped: every reference of the graph is
 * an edge of the Go-format dump and the dump has no other edge out of the graph's objects.
 */
class JvmGraphRoundTripTest {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  /** Keeps the graphs reachable during the dump. */
  private static volatile List<Node[]> live = List.of();

  @TempDir Path dir;

  /** A graph node; its only primitive field is its unique id. */
  static final class Node {
    final long id;
    Object a;
    Object b;
    Object c;
    Object[] refs;
    int[] numbers;
    String label;

    Node(long id) {
      this.id = id;
    }
  }

  /** A graph as indices: field targets (-1 null), array elements, numbers, whether labelled. */
  record NodeSpec(int[] fields, int[] refs, int[] numbers, boolean labelled) {}

  @Test
  void everyJavaReferenceIsADumpEdgeAndViceVersa() {
    qt().withExamples(6).withShrinkCycles(2)
        .forAll(Generate.range(1, 3).flatMap(n -> lists(graphs(), n)))
        .checkAssert(specs -> {
          List<Node[]> graphs = specs.stream().map(JvmGraphRoundTripTest::build).toList();
          live = graphs;
          try {
            Path out = dir.resolve("graph.dump");
            JvmDumper.dumpCurrentJvm(out);
            DumpContents dump = DumpContents.read(out);
            graphs.forEach(g -> check(g, dump));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } finally {
            live = List.of();
          }
        });
  }

  private static <T> Gen<List<T>> lists(Gen<T> element, int count) {
    return in -> {
      List<T> out = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(element.generate(in));
      }
      return out;
    };
  }

  private static Gen<List<NodeSpec>> graphs() {
    Gen<Integer> size = Generate.range(1, 30);
    Gen<Integer> percent = Generate.range(0, 99);
    Gen<Integer> small = Generate.range(0, 6);
    Gen<Integer> number = Generate.range(Integer.MIN_VALUE, Integer.MAX_VALUE);
    return in -> {
      int n = size.generate(in);
      Gen<Integer> target = Generate.range(-1, n - 1);
      List<NodeSpec> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int[] fields = {target.generate(in), target.generate(in), target.generate(in)};
        int[] refs = percent.generate(in) < 60 ? new int[small.generate(in)] : null;
        for (int j = 0; refs != null && j < refs.length; j++) {
          refs[j] = target.generate(in);
        }
        int[] numbers = percent.generate(in) < 50 ? new int[small.generate(in)] : null;
        for (int j = 0; numbers != null && j < numbers.length; j++) {
          numbers[j] = number.generate(in);
        }
        nodes.add(new NodeSpec(fields, refs, numbers, percent.generate(in) < 50));
      }
      return nodes;
    };
  }

  private static Node[] build(List<NodeSpec> spec) {
    Node[] nodes = new Node[spec.size()];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new Node(NEXT_ID.getAndIncrement());
    }
    for (int i = 0; i < nodes.length; i++) {
      NodeSpec s = spec.get(i);
      nodes[i].a = at(nodes, s.fields()[0]);
      nodes[i].b = at(nodes, s.fields()[1]);
      nodes[i].c = at(nodes, s.fields()[2]);
      if (s.refs() != null) {
        nodes[i].refs = Arrays.stream(s.refs()).mapToObj(t -> at(nodes, t)).toArray();
      }
      nodes[i].numbers = s.numbers() == null ? null : s.numbers().clone();
      nodes[i].label = s.labelled() ? new String("node " + nodes[i].id) : null;
    }
    return nodes;
  }

  private static Node at(Node[] nodes, int index) {
    return index < 0 ? null : nodes[index];
  }

  /** What a node refers to, in a form both the Java graph and the dump give. */
  record Edges(List<Long> nodes, int nulls, List<Long> refs, int[] numbers, String label) {
    Edges {
      nodes = nodes.stream().sorted().toList();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Edges e && nodes.equals(e.nodes) && nulls == e.nulls
          && java.util.Objects.equals(refs, e.refs) && Arrays.equals(numbers, e.numbers)
          && java.util.Objects.equals(label, e.label);
    }

    @Override
    public int hashCode() {
      return nodes.hashCode();
    }

    @Override
    public String toString() {
      return "nodes=" + nodes + " nulls=" + nulls + " refs=" + refs + " numbers="
          + Arrays.toString(numbers) + " label=" + label;
    }
  }

  private static Edges javaEdges(Node n) {
    List<Long> targets = new ArrayList<>();
    int nulls = 0;
    for (Object o : new Object[] {n.a, n.b, n.c, n.refs, n.numbers, n.label}) {
      if (o == null) {
        nulls++;
      } else if (o instanceof Node t) {
        targets.add(t.id);
      }
    }
    List<Long> refs = n.refs == null ? null
        : Arrays.stream(n.refs).map(o -> o == null ? -1L : ((Node) o).id).toList();
    return new Edges(targets, nulls, refs, n.numbers, n.label);
  }

  private static void check(Node[] graph, DumpContents dump) {
    String nodeType = Node.class.getName();
    long nodeClass = dump.typeId(nodeType);
    assertNotEquals(0, nodeClass, "no type record for " + nodeType);
    Map<Long, DumpContents.Obj> nodesById = new HashMap<>();
    for (DumpContents.Obj o : dump.objects.values()) {
      if (dump.word(o.contents(), 0) == nodeClass) {
        nodesById.put(idOf(o, dump), o);
      }
    }
    for (Node n : graph) {
      DumpContents.Obj o = nodesById.get(n.id);
      assertNotNull(o, "node " + n.id + " is not in the dump");
      assertEquals(javaEdges(n), dumpEdges(o, dump, nodeClass), "edges of node " + n.id);
    }
  }

  /** A node's id: its one word that is neither the header nor a pointer. */
  private static long idOf(DumpContents.Obj o, DumpContents dump) {
    int ptr = dump.format.pointerSize();
    long[] pointers = o.fields().pointerOffsets(ptr);
    List<Long> words = new ArrayList<>();
    for (long at = ptr; at < o.contents().length; at += ptr) {
      if (Arrays.binarySearch(pointers, at) < 0) {
        words.add(dump.word(o.contents(), at));
      }
    }
    assertEquals(1, words.size(), "a node has one primitive word, its id");
    return words.get(0);
  }

  private static Edges dumpEdges(DumpContents.Obj node, DumpContents dump, long nodeClass) {
    int ptr = dump.format.pointerSize();
    List<Long> targets = new ArrayList<>();
    int nulls = 0;
    List<Long> refs = null;
    int[] numbers = null;
    String label = null;
    for (long at : node.fields().pointerOffsets(ptr)) {
      long pointer = dump.word(node.contents(), at);
      if (pointer == 0) {
        nulls++;
        continue;
      }
      DumpContents.Obj target = dump.objects.get(pointer);
      assertNotNull(target, "pointer 0x" + Long.toHexString(pointer) + " is not an object start");
      String type = dump.typeOf(target).name();
      switch (type) {
        case "[Ljava.lang.Object;" -> refs = arrayElements(target, dump, nodeClass);
        case "[I" -> numbers = intElements(target, dump);
        case "java.lang.String" -> label = string(target, dump);
        default -> {
          assertEquals(Node.class.getName(), type, "a node points to a " + type);
          targets.add(idOf(target, dump));
        }
      }
    }
    return new Edges(targets, nulls, refs, numbers, label);
  }

  private static List<Long> arrayElements(DumpContents.Obj array, DumpContents dump, long nodeClass) {
    int ptr = dump.format.pointerSize();
    int length = (int) dump.word(array.contents(), ptr);
    long[] pointers = array.fields().pointerOffsets(ptr);
    assertEquals(length, pointers.length, "every element of an Object[] is a pointer field");
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      assertEquals((long) (i + 2) * ptr, pointers[i]);
      long pointer = dump.word(array.contents(), pointers[i]);
      if (pointer == 0) {
        out.add(-1L);
      } else {
        DumpContents.Obj target = dump.objects.get(pointer);
        assertEquals(nodeClass, dump.word(target.contents(), 0), "array element type");
        out.add(idOf(target, dump));
      }
    }
    return out;
  }

  private static int[] intElements(DumpContents.Obj array, DumpContents dump) {
    int ptr = dump.format.pointerSize();
    int length = (int) dump.word(array.contents(), ptr);
    assertEquals(0, array.fields().size());
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(array.contents());
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = b.getInt(2 * ptr + 4 * i);
    }
    return out;
  }

  /** A Latin-1 String's text, through its one pointer field (its byte[] value). */
  private static String string(DumpContents.Obj s, DumpContents dump) {
    int ptr = dump.format.pointerSize();
    assertEquals(1, s.fields().size(), "a String points only to its value");
    DumpContents.Obj value = dump.objects.get(dump.word(s.contents(), s.fields().offset(0)));
    assertEquals("[B", dump.typeOf(value).name());
    int length = (int) dump.word(value.contents(), ptr);
    byte[] bytes = Arrays.copyOfRange(value.contents(), 2 * ptr, 2 * ptr + length);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }
}
