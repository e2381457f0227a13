package io.heapdump.writer.jvm;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What a JVM dump produced.
 *
 * @param output the Go-format dump written
 * @param objects object records: instances, arrays and class objects
 * @param classes type records, one per class
 * @param threads goroutine records, one per live thread
 * @param gcRoots GC root records in the HPROF file (thread objects and frame locals included)
 * @param bytesWritten size of the Go-format dump
 * @param hprofBytes size of the intermediate HPROF file
 * @param heapDumpTime time HotSpot took to write the HPROF file ({@link Duration#ZERO} when
 *     converting a file)
 * @param conversionTime time taken to transcode HPROF into the Go format
 */
public record JvmDumpSummary(
    Path output, long objects, long classes, long threads, long gcRoots, long bytesWritten,
    long hprofBytes, Duration heapDumpTime, Duration conversionTime) {

  /** Heap dump and conversion together. */
  public Duration totalTime() {
    return heapDumpTime.plus(conversionTime);
  }
}
