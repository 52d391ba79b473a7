package org.bnsweep.report;

import java.util.List;

/**
 * Renders the sections as Markdown that references the PNGs beside it, for reading on a code
 * host or pasting into a README.
 */
final class MarkdownPage {
  private MarkdownPage() {}

  static String render(String title, String meta, List<Section> sections) {
    StringBuilder m = new StringBuilder();
    m.append("# ").append(title).append("\n\n").append(meta).append("\n");
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      m.append("\n## ").append(i + 1).append(". ").append(s.title()).append("\n");
      for (Block b : s.blocks()) {
        m.append('\n');
        block(m, b);
      }
    }
    return m.toString();
  }

  private static void block(StringBuilder m, Block b) {
    // Java 17 has no pattern switch; the Block interface is sealed, so these are all.
    if (b instanceof Block.Text t) {
      m.append(t.text()).append('\n');
    } else if (b instanceof Block.Code c) {
      m.append("```sh\n").append(c.text()).append("\n```\n");
    } else if (b instanceof Block.Figure f) {
      m.append("![").append(altText(f.caption())).append("](").append(f.file())
          .append(")\n\n*").append(f.caption()).append("*\n");
    } else if (b instanceof Block.Table t) {
      m.append("**").append(t.caption()).append("**\n\n");
      row(m, t.header());
      m.append('|');
      t.header().forEach(h -> m.append(" --- |"));
      m.append('\n');
      t.rows().forEach(r -> row(m, r));
    }
  }

  /** The caption's first sentence: alt text that reads well, without the trial details. */
  private static String altText(String caption) {
    int end = caption.indexOf(". ");
    String first = end < 0 ? caption : caption.substring(0, end + 1);
    return first.replace("[", "(").replace("]", ")");
  }

  private static void row(StringBuilder m, List<String> cells) {
    m.append('|');
    for (String c : cells) {
      m.append(' ').append(c.replace("|", "\\|")).append(" |");
    }
    m.append('\n');
  }
}
