package io.heapdump.cli;

import io.heapdump.codec.DumpFormatException;
import io.heapdump.analyzer.HeapAnalysis;
import io.heapdump.codec.DumpRecord;
import io.heapdump.codec.DumpVersion;
import io.heapdump.reader.DumpReader;
import io.heapdump.reader.ReadOptions;
import io.heapdump.writer.jvm.HprofFormatException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening dump files, and turning what goes wrong with them into messages and exit statuses. */
final class DumpFiles {
  private DumpFiles() {}

  /** Sees each record of a dump in order. */
  interface RecordVisitor {
    void visit(DumpRecord record, DumpReader reader) throws IOException;
  }

  /**
   * Runs {@code work} on {@code file}, turning a bad dump into exit status 3 and other I/O
   * failures into 4, with the file name and (for a bad dump) the byte offset, record index and tag.
   */
  static <T> T reading(String file, IoWork<T> work) throws CliException {
    try {
      return work.run();
    } catch (DumpFormatException e) {
      throw new CliException(ExitCode.BAD_DUMP, file + ": " + e.getMessage());
    } catch (HprofFormatException e) {
      throw new CliException(ExitCode.BAD_DUMP, e.getMessage()); // names the file itself
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.IO_ERROR, file + ": no such file or directory");
    } catch (AccessDeniedException e) {
      throw new CliException(ExitCode.IO_ERROR, file + ": permission denied");
    } catch (IOException e) {
      throw new CliException(ExitCode.IO_ERROR, file + ": " + e.getMessage());
    }
  }

  /** Loads a dump's object graph and dominator tree, as a progress phase. */
  static HeapAnalysis analyze(String file, Terminal terminal) throws CliException {
    Path path = existing(file);
    return phase(file, terminal, "Loading " + path.getFileName(), () -> HeapAnalysis.of(path));
  }

  /** The version named by a dump file's header. */
  static DumpVersion version(String file) throws CliException {
    Path path = existing(file);
    return reading(file, () -> {
      try (DumpReader reader = DumpReader.open(path)) {
        return reader.version();
      }
    });
  }

  /** Runs one analysis step over {@code file} as a progress phase, mapping failures as {@link #reading}. */
  static <T> T phase(String file, Terminal terminal, String name, IoWork<T> work)
      throws CliException {
    return reading(file, () -> terminal.progress().during(name, work));
  }

  /** The path of a dump file that must exist and be a regular file. */
  static Path existing(String file) throws CliException {
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      throw new CliException(ExitCode.IO_ERROR, file + ": no such file or directory");
    }
    if (!Files.isRegularFile(path)) {
      throw new CliException(ExitCode.IO_ERROR, file + ": not a regular file");
    }
    return path;
  }

  /**
   * Reads every record of {@code file} in order, with a progress bar over the file's bytes.
   *
   * @param skipContents whether memory contents may be skipped (only lengths needed)
   */
  static void scan(String file, Terminal terminal, boolean skipContents, RecordVisitor visitor)
      throws CliException {
    Path path = existing(file);
    reading(file, () -> {
      try (Progress.Phase phase = terminal.progress().start("Reading", Files.size(path), true);
          DumpReader reader = DumpReader.open(path, ReadOptions.defaults()
              .skipContents(skipContents).progress((done, total) -> phase.update(done)))) {
        for (DumpRecord r = reader.next(); r != null; r = reader.next()) {
          visitor.visit(r, reader);
        }
      }
      return null;
    });
  }
}
