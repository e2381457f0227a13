package io.heapdump.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real Go dumps that tests check, each with its facts file. Directories come from the system
 * property {@value #DUMP_DIRS_PROPERTY} (comma-separated); without it, from
 * {@code testdata/go1.19} in the nearest ancestor of the working directory that has one.
 *
 * <p>Finding no dump at all is an error, not a skip: a broken setup must not pass silently. Use as
 * a JUnit source: {@code @MethodSource("io.heapdump.testkit.RealDumps#stream")}.
 */
public final class RealDumps {
  /** The system property naming the dump directories. */
  public static final String DUMP_DIRS_PROPERTY = "heapdump.dumpDirs";

  private static final String DUMP_SUFFIX = ".dump";
  private static final String FACTS_SUFFIX = ".facts.json";
  private static final Path DEFAULT_DIR = Paths.get("testdata", "go1.19");

  private RealDumps() {}

  /**
   * Every dump with its facts, sorted by directory (in property order) then file name. Named
   * directories that do not exist are passed over (a build may list one that only CI fills).
   *
   * @throws IllegalStateException when a dump has no facts file, or no dump is found at all
   */
  public static List<RealDump> all() {
    List<RealDump> dumps = new ArrayList<>();
    for (Path dir : directories()) {
      if (Files.isDirectory(dir)) {
        dumps.addAll(in(dir));
      }
    }
    if (dumps.isEmpty()) {
      throw new IllegalStateException(
          "no *.dump files found in " + directories() + " (set -D" + DUMP_DIRS_PROPERTY + ")");
    }
    return List.copyOf(dumps);
  }

  /** {@link #all()} as a stream, for {@code @MethodSource}. */
  public static Stream<RealDump> stream() {
    return all().stream();
  }

  /** The dump directories to search: the property's, or the default one. */
  public static List<Path> directories() {
    String property = System.getProperty(DUMP_DIRS_PROPERTY, "").trim();
    List<Path> dirs = new ArrayList<>();
    if (property.isEmpty()) {
      dirs.add(defaultDirectory());
    } else {
      for (String part : property.split(",")) {
        if (!part.isBlank()) {
          dirs.add(Paths.get(part.trim()).toAbsolutePath().normalize());
        }
      }
    }
    return List.copyOf(dirs);
  }

  /**
   * The dumps with facts in one directory, sorted by file name.
   *
   * @throws IllegalStateException when the directory does not exist or a dump has no facts file
   */
  public static List<RealDump> in(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("dump directory " + dir + " does not exist");
    }
    List<RealDump> dumps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path dump : files.filter(p -> p.getFileName().toString().endsWith(DUMP_SUFFIX))
          .sorted().toList()) {
        String name = dump.getFileName().toString();
        String program = name.substring(0, name.length() - DUMP_SUFFIX.length());
        Path facts = dir.resolve(program + FACTS_SUFFIX);
        if (!Files.isRegularFile(facts)) {
          throw new IllegalStateException("dump " + dump + " has no facts file " + facts);
        }
        dumps.add(new RealDump(dump, facts, program));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return dumps;
  }

  private static Path defaultDirectory() {
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(DEFAULT_DIR))) {
        return dir.resolve(DEFAULT_DIR);
      }
    }
    throw new IllegalStateException(
        "no " + DEFAULT_DIR + " directory above " + start + " and -D" + DUMP_DIRS_PROPERTY
            + " is not set");
  }

  /**
   * One real dump and its facts.
   *
   * @param dump the {@code <program>.dump} file
   * @param facts the {@code <program>.facts.json} file beside it
   * @param program the program name (the file name without {@code .dump})
   */
  public record RealDump(Path dump, Path facts, String program) {
    /** Reads the facts file. */
    public Facts loadFacts() {
      return Facts.load(facts);
    }

    /** The dump's bytes. */
    public byte[] readBytes() throws IOException {
      return Files.readAllBytes(dump);
    }

    /** Directory and program, e.g. {@code go1.19/linkedlist}, as JUnit shows it. */
    @Override
    public String toString() {
      Path dir = dump.getParent() == null ? null : dump.getParent().getFileName();
      return dir == null ? program : dir + "/" + program;
    }
  }
}
