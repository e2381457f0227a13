package io.heapdump.analyzer;

/** Where a GC root comes from. Its {@link #ordinal()} is the kind code kept in {@link Roots}. */
public enum RootKind {
  /** A pointer word of the data segment (an initialised global). */
  DATA("data global"),
  /** A pointer word of the bss segment (a zero-initialised global). */
  BSS("bss global"),
  /** A pointer word of a goroutine's stack frame. */
  STACK("stack"),
  /** An object with a registered finalizer. */
  FINALIZER("finalizer object"),
  /** The funcval of a registered finalizer. */
  FINALIZER_FUNC("finalizer func"),
  /** An unreachable object whose finalizer is queued to run. */
  QUEUED_FINALIZER("queued finalizer object"),
  /** The funcval of a queued finalizer. */
  QUEUED_FINALIZER_FUNC("queued finalizer func"),
  /** A root the dump names only by a description (other-root record). */
  OTHER("other root"),
  /** The closure context of a goroutine. */
  GOROUTINE_CONTEXT("goroutine context"),
  /** A defer record or its funcval. */
  DEFER("defer"),
  /** A panic record or its value. */
  PANIC("panic");

  private final String label;

  RootKind(String label) {
    this.label = label;
  }

  /** A short name for people, e.g. {@code data global}. */
  public String label() {
    return label;
  }
}
