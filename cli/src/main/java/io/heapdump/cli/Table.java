package io.heapdump.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: a header row, then rows; columns are padded to their widest cell, numeric
 * columns right-aligned.
 */
final class Table {
  private final String[] header;
  private final boolean[] rightAligned;
  private final List<String[]> rows = new ArrayList<>();

  private Table(String[] header, boolean[] rightAligned) {
    this.header = header;
    this.rightAligned = rightAligned;
  }

  /**
   * A table with the given column headers; a header starting with {@code >} names a right-aligned
   * (numeric) column, the {@code >} is not shown.
   */
  static Table of(String... columns) {
    String[] header = new String[columns.length];
    boolean[] right = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      right[i] = columns[i].startsWith(">");
      header[i] = right[i] ? columns[i].substring(1) : columns[i];
    }
    return new Table(header, right);
  }

  /** Adds a row; values are shown with {@link String#valueOf(Object)}. */
  Table row(Object... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + header.length + " columns");
    }
    String[] row = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      row[i] = String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  /** Writes the table, indented by {@code indent}. */
  void print(PrintStream out, String indent) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    printRow(out, indent, header, width);
    for (String[] row : rows) {
      printRow(out, indent, row, width);
    }
  }

  private void printRow(PrintStream out, String indent, String[] row, int[] width) {
    StringBuilder sb = new StringBuilder(indent);
    for (int i = 0; i < row.length; i++) {
      boolean last = i == row.length - 1;
      String pad = " ".repeat(width[i] - row[i].length());
      if (rightAligned[i]) {
        sb.append(pad).append(row[i]);
      } else {
        sb.append(row[i]);
        if (!last) {
          sb.append(pad);
        }
      }
      if (!last) {
        sb.append("  ");
      }
    }
    out.println(sb);
  }
}
