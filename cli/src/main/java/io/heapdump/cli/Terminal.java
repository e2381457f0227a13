package io.heapdump.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.io.PrintStream;

/**
 * Where a command writes: standard output for results (human text or JSON), standard error for
 * progress. One per run.
 */
final class Terminal {
  private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
      .serializeSpecialFloatingPointValues().create();
  private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls()
      .serializeSpecialFloatingPointValues().create();

  private final PrintStream out;
  private final boolean json;
  private final Progress progress;

  Terminal(PrintStream out, boolean json, Progress progress) {
    this.out = out;
    this.json = json;
    this.progress = progress;
  }

  /** Whether the user asked for JSON (--json). */
  boolean json() {
    return json;
  }

  /** Standard output. */
  PrintStream out() {
    return out;
  }

  /** Progress reporting on standard error (silent when it is not a terminal or with --quiet). */
  Progress progress() {
    return progress;
  }

  /** Writes one JSON document, pretty-printed. */
  void printJson(JsonElement document) {
    out.println(PRETTY.toJson(document));
  }

  /** Writes one line of a JSON-lines stream. */
  void printJsonLine(JsonElement line) {
    out.println(COMPACT.toJson(line));
  }
}
