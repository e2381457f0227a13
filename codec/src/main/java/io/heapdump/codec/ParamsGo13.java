package io.heapdump.codec;

import com.google.common.base.Preconditions;

/**
 * Tag 6 in go1.3 dumps: with the channel header size, the architecture as a character.
 *
 * @param bigEndian whether the dumped memory is big-endian
 * @param pointerSize pointer size in bytes
 * @param channelHeaderSize size of a channel's header before its buffer
 * @param heapStart lowest heap address
 * @param heapEnd end of the heap, exclusive
 * @param architectureChar the architecture character ('6' amd64, '8' 386, '5' arm)
 * @param goExperiment the GOEXPERIMENT string
 * @param cpuCount number of CPUs
 */
public record ParamsGo13(
    boolean bigEndian, long pointerSize, long channelHeaderSize, long heapStart, long heapEnd,
    long architectureChar, String goExperiment, long cpuCount) implements DumpParams {

  static final RecordLayout<ParamsGo13> LAYOUT = RecordLayout.of(
      TAG, ParamsGo13.class, DumpVersion.GO1_3, DumpVersion.GO1_3,
      new ParamsGo13(false, 0, 0, 0, 0, 0, "", 0),
      (w, r) -> new ParamsGo13(
          w.bool(r.bigEndian), w.uvarint(r.pointerSize), w.uvarint(r.channelHeaderSize),
          w.uvarint(r.heapStart), w.uvarint(r.heapEnd), w.uvarint(r.architectureChar),
          w.string(r.goExperiment), w.uvarint(r.cpuCount)));

  public ParamsGo13 {
    Preconditions.checkNotNull(goExperiment, "goExperiment");
  }

  @Override
  public String architecture() {
    return DumpParams.architectureOfChar(architectureChar);
  }
}
