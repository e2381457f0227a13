package io.heapdump.analyzer;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The GC roots of a dump that point at heap objects, in primitive arrays: root {@code i} has a
 * {@link #kind(int)}, a {@link #target(int)} object, and details that depend on the kind (the
 * global's address, the goroutine and frame, the record's address). Roots whose pointer leads to
 * no object are not kept.
 */
public final class Roots {
  private final byte[] kinds;
  private final int[] targets;
  private final long[] pointers;
  private final long[] locations;
  private final long[] goroutines;
  private final int[] depths;
  private final int[] texts;
  private final List<String> textTable;

  private Roots(Builder b) {
    int n = b.count;
    kinds = Arrays.copyOf(b.kinds, n);
    targets = Arrays.copyOf(b.targets, n);
    pointers = Arrays.copyOf(b.pointers, n);
    locations = Arrays.copyOf(b.locations, n);
    goroutines = Arrays.copyOf(b.goroutines, n);
    depths = Arrays.copyOf(b.depths, n);
    texts = Arrays.copyOf(b.texts, n);
    textTable = List.copyOf(b.textTable);
  }

  /** Number of roots. */
  public int count() {
    return kinds.length;
  }

  /** The kind of root {@code i}. */
  public RootKind kind(int i) {
    return RootKind.values()[kinds[i]];
  }

  /** The object (node of the {@link HeapGraph}) that root {@code i} points into. */
  public int target(int i) {
    return targets[i];
  }

  /** The pointer value the root holds (may point into the middle of its target). */
  public long pointer(int i) {
    return pointers[i];
  }

  /**
   * Where the pointer sits: the global's address for data and bss roots, the word's address
   * (frame sp + offset) for stack roots, the record's address for finalizer, defer and panic
   * roots, the g's address for goroutine contexts, 0 for other roots.
   */
  public long location(int i) {
    return locations[i];
  }

  /** The goroutine id of a stack, context, defer or panic root, else -1. */
  public long goroutine(int i) {
    return goroutines[i];
  }

  /** The frame depth of a stack root (0 innermost), else -1. */
  public int depth(int i) {
    return depths[i];
  }

  /** The function of a stack root or the description of an other root, else null. */
  public String text(int i) {
    return texts[i] < 0 ? null : textTable.get(texts[i]);
  }

  /**
   * Root {@code i} for people, e.g. {@code data global 0x56e1e0} or
   * {@code stack of goroutine 1, frame 2 main.main (word at 0xc000123f80)}.
   */
  public String describe(int i) {
    RootKind kind = kind(i);
    switch (kind) {
      case DATA:
      case BSS:
        return kind.label() + " 0x" + Long.toHexString(locations[i]);
      case STACK:
        return "stack of goroutine " + goroutines[i] + ", frame " + depths[i] + " " + text(i)
            + " (word at 0x" + Long.toHexString(locations[i]) + ")";
      case OTHER:
        return kind.label() + " \"" + text(i) + "\"";
      case GOROUTINE_CONTEXT:
        return "closure context of goroutine " + goroutines[i];
      case DEFER:
      case PANIC:
        return kind.label() + " 0x" + Long.toHexString(locations[i]) + " of goroutine "
            + goroutines[i];
      case FINALIZER_FUNC:
      case QUEUED_FINALIZER_FUNC:
        return kind.label() + " of object 0x" + Long.toHexString(locations[i]);
      default:
        return kind.label() + " 0x" + Long.toHexString(locations[i]);
    }
  }

  /** Collects roots while a dump is read. */
  static final class Builder {
    private byte[] kinds = new byte[64];
    private int[] targets = new int[64];
    private long[] pointers = new long[64];
    private long[] locations = new long[64];
    private long[] goroutines = new long[64];
    private int[] depths = new int[64];
    private int[] texts = new int[64];
    private final List<String> textTable = new ArrayList<>();
    private final Map<String, Integer> textIds = new HashMap<>();
    private int count;

    /** Adds a root; {@code text} may be null, {@code goroutine} and {@code depth} -1. */
    Builder add(RootKind kind, int target, long pointer, long location, long goroutine, int depth,
        String text) {
      Preconditions.checkArgument(target >= 0, "root target must be an object");
      if (count == kinds.length) {
        int size = count * 2;
        kinds = Arrays.copyOf(kinds, size);
        targets = Arrays.copyOf(targets, size);
        pointers = Arrays.copyOf(pointers, size);
        locations = Arrays.copyOf(locations, size);
        goroutines = Arrays.copyOf(goroutines, size);
        depths = Arrays.copyOf(depths, size);
        texts = Arrays.copyOf(texts, size);
      }
      kinds[count] = (byte) kind.ordinal();
      targets[count] = target;
      pointers[count] = pointer;
      locations[count] = location;
      goroutines[count] = goroutine;
      depths[count] = depth;
      texts[count] = text == null ? -1 : textIds.computeIfAbsent(text, t -> {
        textTable.add(t);
        return textTable.size() - 1;
      });
      count++;
      return this;
    }

    Roots build() {
      return new Roots(this);
    }
  }
}
