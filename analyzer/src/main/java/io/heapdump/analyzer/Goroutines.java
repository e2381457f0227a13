package io.heapdump.analyzer;

import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.Goroutine;
import io.heapdump.codec.StackFrame;
import io.heapdump.reader.DumpReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The goroutines of a dump with their stacks (frames follow their goroutine record). */
public final class Goroutines {
  private final List<GoroutineInfo> all;

  private Goroutines(List<GoroutineInfo> all) {
    this.all = all;
  }

  /** Reads the goroutines of a dump (one pass, contents skipped). */
  public static Goroutines load(Path dump) throws IOException {
    List<GoroutineInfo> all = new ArrayList<>();
    Goroutine current = null;
    List<String> functions = new ArrayList<>();
    try (DumpReader reader = DumpReader.open(dump).skipContents(true)) {
      for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
        if (r instanceof Goroutine g) {
          if (current != null) {
            all.add(info(current, functions));
          }
          current = g;
          functions.clear();
        } else if (r instanceof StackFrame f && current != null) {
          functions.add(f.functionName());
        }
      }
    }
    if (current != null) {
      all.add(info(current, functions));
    }
    all.sort(Comparator.comparingLong(GoroutineInfo::id));
    return new Goroutines(List.copyOf(all));
  }

  private static GoroutineInfo info(Goroutine g, List<String> functions) {
    return new GoroutineInfo(g.id(), g.address(), g.status(), g.system(), g.waitReason(),
        g.waitSince(), g.threadAddress(), functions);
  }

  /** All goroutines, by id. */
  public List<GoroutineInfo> all() {
    return all;
  }

  /** The goroutine with this id, or null. */
  public GoroutineInfo byId(long id) {
    for (GoroutineInfo g : all) {
      if (g.id() == id) {
        return g;
      }
    }
    return null;
  }

  /** The latest wait start among waiting goroutines, 0 if none: the reference for wait times. */
  public long latestWaitSince() {
    long latest = 0;
    for (GoroutineInfo g : all) {
      if (GoroutineStatus.isWaiting(g.status())) {
        latest = Math.max(latest, g.waitSince());
      }
    }
    return latest;
  }

  /** Goroutines grouped by identical state and stack, largest group first. */
  public List<GoroutineGroup> groups() {
    Map<StackKey, List<Long>> ids = new LinkedHashMap<>();
    for (GoroutineInfo g : all) {
      ids.computeIfAbsent(new StackKey(g.state(), g.functions()), k -> new ArrayList<>()).add(g.id());
    }
    List<GoroutineGroup> groups = new ArrayList<>();
    ids.forEach((key, members) -> groups.add(new GoroutineGroup(key.state(), key.functions(), members)));
    groups.sort(Comparator.comparingInt(GoroutineGroup::count).reversed());
    return groups;
  }

  private record StackKey(String state, List<String> functions) {}
}
