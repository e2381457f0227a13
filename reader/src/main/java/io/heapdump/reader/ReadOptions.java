package io.heapdump.reader;

import com.google.common.base.Preconditions;

/**
 * How a {@link DumpReader} reads: strict or lenient about damaged dumps, whether to skip memory
 * contents, and whom to tell about progress. Immutable; start from {@link #defaults()}.
 *
 * <pre>{@code
 * ReadOptions options = ReadOptions.defaults().lenient(true).progress((done, total) -> ...);
 * }</pre>
 *
 * @param lenient when false (the default) a truncated or malformed dump fails with the codec's
 *     {@code DumpFormatException}; when true the reader returns every complete record, then ends
 *     and reports where and why it stopped as a {@link Truncation}
 * @param skipContents when true, memory in records knows only its length (see
 *     {@code DumpDecoder.skipContents})
 * @param progress told about bytes read of the input now and then, never null
 */
public record ReadOptions(boolean lenient, boolean skipContents, ProgressListener progress) {
  private static final ReadOptions DEFAULTS = new ReadOptions(false, false, ProgressListener.NONE);

  public ReadOptions {
    Preconditions.checkNotNull(progress, "progress");
  }

  /** Strict, contents read, no progress reports. */
  public static ReadOptions defaults() {
    return DEFAULTS;
  }

  /** These options with {@link #lenient()} set. */
  public ReadOptions lenient(boolean lenient) {
    return new ReadOptions(lenient, skipContents, progress);
  }

  /** These options with {@link #skipContents()} set. */
  public ReadOptions skipContents(boolean skip) {
    return new ReadOptions(lenient, skip, progress);
  }

  /** These options with a progress listener. */
  public ReadOptions progress(ProgressListener listener) {
    return new ReadOptions(lenient, skipContents, listener);
  }

  /** Hears how far a long read has come. */
  @FunctionalInterface
  public interface ProgressListener {
    /** A listener that ignores every report. */
    ProgressListener NONE = (done, total) -> {};

    /**
     * Called about every 0.1% of the input (at least every 4 MiB) and once at the end.
     *
     * @param bytesRead bytes of the input consumed so far (compressed bytes for a gzip file)
     * @param totalBytes size of the input, or -1 when unknown (a stream)
     */
    void progress(long bytesRead, long totalBytes);
  }
}
