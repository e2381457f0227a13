package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * One frame of a memory profile bucket's allocation stack. An unknown PC is named
 * {@code (0x<hex>)} with file {@code ?} and line 0.
 *
 * @param function the function's name
 * @param file the source file
 * @param line the line number
 */
public record ProfileFrame(String function, String file, long line) {
  static final ProfileFrame TEMPLATE = new ProfileFrame("", "", 0);

  static final Wire.Layout<ProfileFrame> LAYOUT =
      (w, r) -> new ProfileFrame(w.string(r.function), w.string(r.file), w.uvarint(r.line));

  public ProfileFrame {
    Preconditions.checkNotNull(function, "function");
    Preconditions.checkNotNull(file, "file");
  }
}
