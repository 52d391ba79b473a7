package org.bnsweep.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Renders the sections as one HTML page with the PNGs embedded as base64 data URIs and the style
 * inline, so that the page can be mailed or archived on its own.
 */
final class HtmlPage {
  private static final String STYLE = """
      body { font-family: sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em;
             color: #222; line-height: 1.45; }
      h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
      figure { margin: 1.5em 0; } figure img { width: 800px; max-width: 100%; height: auto; }
      figcaption { font-size: 0.9em; color: #555; }
      table { border-collapse: collapse; margin: 1em 0; }
      caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.7em; text-align: left; }
      th { background: #f3f3f3; }
      p.meta { color: #555; }
      """;

  private HtmlPage() {}

  /** The page for {@code sections}, whose figures are read from {@code dir}. */
  static String render(String title, String meta, List<Section> sections, Path dir) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(title)).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n")
        .append("<p class=\"meta\">").append(escape(meta)).append("</p>\n<ol>\n");
    for (int i = 0; i < sections.size(); i++) {
      h.append("<li><a href=\"#s").append(i + 1).append("\">")
          .append(escape(sections.get(i).title())).append("</a></li>\n");
    }
    h.append("</ol>\n");
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      h.append("<h2 id=\"s").append(i + 1).append("\">").append(i + 1).append(". ")
          .append(escape(s.title())).append("</h2>\n");
      for (Block b : s.blocks()) {
        block(h, b, dir);
      }
    }
    return h.append("</body>\n</html>\n").toString();
  }

  private static void block(StringBuilder h, Block b, Path dir) {
    // Java 17 has no pattern switch; the Block interface is sealed, so these three are all.
    if (b instanceof Block.Text t) {
      h.append("<p>").append(escape(t.text())).append("</p>\n");
    } else if (b instanceof Block.Figure f) {
      h.append("<figure>\n<img alt=\"").append(escape(f.caption()))
          .append("\" src=\"data:image/png;base64,").append(base64(dir.resolve(f.file())))
          .append("\">\n<figcaption>").append(escape(f.caption()))
          .append("</figcaption>\n</figure>\n");
    } else if (b instanceof Block.Table t) {
      table(h, t);
    }
  }

  private static void table(StringBuilder h, Block.Table t) {
    h.append("<table>\n<caption>").append(escape(t.caption())).append("</caption>\n<tr>");
    for (String cell : t.header()) {
      h.append("<th>").append(escape(cell)).append("</th>");
    }
    h.append("</tr>\n");
    for (List<String> row : t.rows()) {
      h.append("<tr>");
      for (String cell : row) {
        h.append("<td>").append(escape(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static String base64(Path png) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read figure " + png + ": " + e.getMessage(), e);
    }
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
