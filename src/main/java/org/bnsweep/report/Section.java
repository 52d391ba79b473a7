package org.bnsweep.report;

import java.util.List;

/**
 * One headed section of the report: a title and its blocks in order.
 *
 * @param empty nothing to show for this sweep: the pages leave the section and its line in the
 *     contents out (its blocks only say why, for tests and callers)
 */
public record Section(String title, List<Block> blocks, boolean empty) {
  public Section {
    blocks = List.copyOf(blocks);
  }

  public Section(String title, List<Block> blocks) {
    this(title, blocks, false);
  }

  /** A section that only says why its data is missing: left out of the pages. */
  static Section note(String title, String note) {
    return new Section(title, List.of(new Block.Text(note)), true);
  }
}
