package org.bnsweep.report;

import java.util.List;

/** One headed section of the report: a title and its blocks in order. */
public record Section(String title, List<Block> blocks) {
  public Section {
    blocks = List.copyOf(blocks);
  }

  /** A section that only says why its data is missing. */
  static Section note(String title, String note) {
    return new Section(title, List.of(new Block.Text(note)));
  }
}
