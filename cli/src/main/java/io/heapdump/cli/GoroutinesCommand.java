package io.heapdump.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.heapdump.analyzer.GoroutineGroup;
import io.heapdump.analyzer.GoroutineInfo;
import io.heapdump.analyzer.Goroutines;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code heapdump goroutines FILE}: goroutines grouped by state and stack. */
final class GoroutinesCommand implements Command {
  @Override
  public String name() {
    return "goroutines";
  }

  @Override
  public String summary() {
    return "goroutines grouped by state and stack (or each one with --all)";
  }

  @Override
  public String help() {
    return Command.helpText("goroutines FILE [--all] [--limit N]",
        "Lists the dump's goroutines grouped by identical state (wait reason or status) and\n"
            + "stack, largest group first, with each group's stack innermost first. With --all,\n"
            + "every goroutine on its own with its id, state and how long it had waited at least.",
        "--all      one entry per goroutine instead of groups",
        "--limit N  groups (or goroutines) to show (default " + HistogramCommand.DEFAULT_TABLE_ROWS
            + " in text, all in JSON)");
  }

  @Override
  public List<String> flags() {
    return List.of("--all");
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("--limit");
  }

  @Override
  public int run(Arguments args, Terminal terminal) throws CliException {
    String file = args.positional("FILE").get(0);
    int limit = HistogramCommand.rowLimit(args, terminal);
    Path path = DumpFiles.existing(file);
    Goroutines goroutines =
        DumpFiles.phase(file, terminal, "Reading goroutines", () -> Goroutines.load(path));
    if (terminal.json()) {
      JsonObject o = new JsonObject();
      o.addProperty("file", file);
      o.addProperty("count", goroutines.all().size());
      o.add("groups", groupsJson(goroutines.groups(), limit));
      JsonArray all = new JsonArray();
      long latest = goroutines.latestWaitSince();
      for (GoroutineInfo g : goroutines.all().subList(0, Math.min(limit, goroutines.all().size()))) {
        all.add(json(g, latest));
      }
      o.add("goroutines", all);
      terminal.printJson(o);
    } else if (args.flag("--all")) {
      printAll(terminal.out(), goroutines, limit);
    } else {
      terminal.out().println(Format.count(goroutines.all().size()) + " goroutines in "
          + Format.count(goroutines.groups().size()) + " groups");
      printGroups(terminal.out(), goroutines.groups(), limit, "");
    }
    return ExitCode.OK;
  }

  /** The first {@code limit} groups as [{count, state, functions, ids}]; summary shares it. */
  static JsonArray groupsJson(List<GoroutineGroup> groups, int limit) {
    JsonArray array = new JsonArray();
    for (GoroutineGroup g : groups.subList(0, Math.min(limit, groups.size()))) {
      JsonObject o = new JsonObject();
      o.addProperty("count", g.count());
      o.addProperty("state", g.state());
      o.add("functions", strings(g.functions()));
      JsonArray ids = new JsonArray();
      g.ids().forEach(ids::add);
      o.add("ids", ids);
      array.add(o);
    }
    return array;
  }

  /** The first {@code limit} groups with their stacks; summary shares it. */
  static void printGroups(PrintStream out, List<GoroutineGroup> groups, int limit, String indent) {
    for (GoroutineGroup g : groups.subList(0, Math.min(limit, groups.size()))) {
      out.println();
      out.println(indent + g.count() + (g.count() == 1 ? " goroutine, " : " goroutines, ")
          + g.state() + ": " + ids(g.ids()));
      for (String function : g.functions()) {
        out.println(indent + "    " + function);
      }
    }
    if (groups.size() > limit) {
      out.println();
      out.println(indent + "... " + Format.count(groups.size() - limit) + " more groups (--limit)");
    }
  }

  private static String ids(List<Long> ids) {
    int shown = Math.min(ids.size(), 10);
    StringBuilder sb = new StringBuilder(ids.size() == 1 ? "id " : "ids ");
    for (int i = 0; i < shown; i++) {
      sb.append(i == 0 ? "" : ", ").append(ids.get(i));
    }
    return ids.size() > shown ? sb.append(", ...").toString() : sb.toString();
  }

  private static JsonObject json(GoroutineInfo g, long latestWaitSince) {
    JsonObject o = new JsonObject();
    o.addProperty("id", g.id());
    o.addProperty("address", Format.hex(g.address()));
    o.addProperty("status", g.status());
    o.addProperty("statusName", g.statusName());
    o.addProperty("state", g.state());
    o.addProperty("system", g.system());
    o.addProperty("waitReason", g.waitReason());
    o.add("waitSince", Format.unsigned(g.waitSince()));
    o.addProperty("waitedAtLeastNanos", g.waitedAtLeastNanos(latestWaitSince));
    o.addProperty("thread", Format.hex(g.threadAddress()));
    o.add("functions", strings(g.functions()));
    return o;
  }

  private static void printAll(PrintStream out, Goroutines goroutines, int limit) {
    long latest = goroutines.latestWaitSince();
    List<GoroutineInfo> all = goroutines.all();
    Table t = Table.of(">id", "state", "system", ">waited", "top function");
    for (GoroutineInfo g : all.subList(0, Math.min(limit, all.size()))) {
      long waited = g.waitedAtLeastNanos(latest);
      t.row(g.id(), g.state(), g.system() ? "yes" : "", waited < 0 ? "" : waited(waited),
          g.functions().isEmpty() ? "" : g.functions().get(0));
    }
    t.print(out, "");
    if (all.size() > limit) {
      out.println("... " + Format.count(all.size() - limit) + " more goroutines (--limit)");
    }
  }

  private static String waited(long nanos) {
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
    return seconds >= 60 ? (seconds / 60) + " min" : seconds > 0 ? seconds + " s"
        : TimeUnit.NANOSECONDS.toMillis(nanos) + " ms";
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(v -> array.add(new JsonPrimitive(v)));
    return array;
  }
}
