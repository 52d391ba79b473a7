package org.bnsweep.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Renders the sections as one HTML page: still figures embedded as base64 data URIs, style and
 * scripts inline, the interactive figures drawn by ECharts (loaded from the file beside the
 * page) from the data the page carries. The folder works offline, with no server.
 */
final class HtmlPage {
  private static final String STYLE = """
      body { font-family: sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em;
             color: #222; line-height: 1.45; }
      h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
      p { overflow-wrap: break-word; }
      figure { margin: 1.5em 0; } figure img { width: 100%; max-width: 800px; height: auto; }
      figcaption { font-size: 0.9em; color: #555; }
      p.caption { font-weight: bold; margin: 1em 0 0.3em; }
      div.scroll { overflow-x: auto; margin: 0 0 1em; }
      table { border-collapse: collapse; }
      th, td { border: 1px solid #ccc; padding: 0.25em 0.7em; text-align: left; }
      th { background: #f3f3f3; }
      table.sortable td, table.sortable th { white-space: nowrap; }
      table.sortable th { cursor: pointer; }
      th[aria-sort=ascending]::after { content: " \\25B2"; }
      th[aria-sort=descending]::after { content: " \\25BC"; }
      p.meta { color: #555; }
      pre { background: #f6f6f6; border: 1px solid #ddd; padding: 0.6em; overflow-x: auto;
            white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85em; }
      div.chart { width: 100%; height: 440px; }
      p.selection { color: #555; font-style: italic; }
      tr.brushed-out { display: none; }
      @media (max-width: 600px) {
        body { margin: 1em auto; padding: 0 0.6em; } h1 { font-size: 1.3em; }
        th, td { padding: 0.2em 0.4em; } div.chart { height: 360px; }
      }
      """;

  /**
   * Runs first: records script errors, failed loads and console errors, and once the page has
   * loaded sets {@code data-report-check} on the root element to {@code ok} when every image
   * decoded and nothing was recorded, else to what went wrong. A browser test (or a reader's
   * developer tools) can thus tell a complete page from a broken one.
   */
  private static final String CHECK = """
      window.reportErrors = [];
      window.addEventListener('error', function (e) {
        var t = e.target;
        window.reportErrors.push(e.message || ('cannot load ' + (t && t.tagName)));
      }, true);
      window.addEventListener('unhandledrejection', function (e) {
        window.reportErrors.push('unhandled rejection: ' + e.reason);
      });
      (function () {
        var log = console.error;
        console.error = function () {
          window.reportErrors.push(Array.prototype.join.call(arguments, ' '));
          return log.apply(console, arguments);
        };
      })();
      window.addEventListener('load', function () {
        var bad = Array.prototype.filter.call(document.images, function (i) {
          return !(i.complete && i.naturalWidth > 0);
        });
        var ok = bad.length === 0 && window.reportErrors.length === 0;
        document.documentElement.setAttribute('data-report-check', ok ? 'ok'
            : 'failed: ' + bad.length + ' of ' + document.images.length
              + ' images did not load; errors: ' + window.reportErrors.join(' | '));
      });
      """;

  /** Sorts a table.sortable by the clicked column: numbers as numbers, "n/a" and text last. */
  private static final String SORT = """
      function reportCell(text) {
        var n = Number(text.replace(/\\s*%$/, ''));
        return text.trim() === '' || isNaN(n) ? null : n;
      }
      document.querySelectorAll('table.sortable').forEach(function (table) {
        var heads = table.tHead.rows[0].cells;
        Array.prototype.forEach.call(heads, function (th, col) {
          th.tabIndex = 0;
          th.addEventListener('keydown', function (e) { if (e.key === 'Enter') th.click(); });
          th.addEventListener('click', function () {
            var up = th.getAttribute('aria-sort') !== 'ascending';
            Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
            th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var s = a.cells[col].textContent, t = b.cells[col].textContent;
              var x = reportCell(s), y = reportCell(t);
              if ((x === null) !== (y === null)) return x === null ? 1 : -1;
              var r = x === null ? s.localeCompare(t) : x - y;
              return up ? r : -r;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
      });
      """;

  private HtmlPage() {}

  /** The script that draws the interactive figures from the page's data with ECharts. */
  private static final String CHARTS = resource("report.js");

  /**
   * The page for {@code sections}, whose figures are read from {@code dir}.
   *
   * @param data the interactive figures' data ({@link ReportData#json})
   * @param reloadSeconds for a live page, how often it reloads itself
   */
  static String render(String title, String meta, List<Section> sections, Path dir, String data,
      Optional<Integer> reloadSeconds) {
    boolean charts = sections.stream().flatMap(s -> s.blocks().stream())
        .anyMatch(b -> b instanceof Block.Figure f && f.chart().isPresent());
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<script>\n").append(CHECK).append("</script>\n<title>")
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
    h.append("<script type=\"application/json\" id=\"report-data\">").append(data)
        .append("</script>\n<script>\n").append(SORT).append("</script>\n");
    if (charts) {
      h.append("<script src=\"").append(Report.ECHARTS).append("\"></script>\n<script>\n")
          .append(CHARTS).append("</script>\n");
    }
    // A live page reloads itself: a page opened from a file cannot fetch its data again, and
    // reloading needs no server. The browser keeps the scroll position across a reload.
    // The timer is kept in window.reportReload, so that a test or a reader can stop the reloads
    // (clearTimeout) to look at one state.
    reloadSeconds.ifPresent(s -> h.append("<script>\nwindow.reportReload = setTimeout(function"
        + " () { location.reload(); }, ").append(1000 * s).append(");\n</script>\n"));
    return h.append("</body>\n</html>\n").toString();
  }

  private static void block(StringBuilder h, Block b, Path dir) {
    // Java 17 has no pattern switch; the Block interface is sealed, so these are all.
    if (b instanceof Block.Text t) {
      h.append("<p>").append(escape(t.text())).append("</p>\n");
    } else if (b instanceof Block.Code c) {
      h.append("<pre><code>").append(escape(c.text())).append("</code></pre>\n");
    } else if (b instanceof Block.Figure f && f.chart().isPresent()) {
      // The interactive figure; its PNG stays beside the page, linked, for slides and papers.
      String key = f.chart().get();
      h.append("<figure>\n<div class=\"chart\" data-chart=\"").append(escape(key))
          .append("\" role=\"img\" aria-label=\"").append(escape(f.caption()))
          .append("\"></div>\n<figcaption>").append(escape(f.caption()))
          .append(" <a href=\"").append(escape(f.file())).append("\">PNG</a></figcaption>\n")
          .append("</figure>\n");
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
    // The caption sits above the scrolling box, not in the table: a <caption> is as wide as
    // its table and would scroll out of sight with it on a phone.
    h.append("<p class=\"caption\">").append(escape(t.caption())).append("</p>\n");
    if (!t.trialIds().isEmpty()) {
      h.append("<p class=\"selection\" id=\"selection\" hidden></p>\n");
    }
    h
        .append("<div class=\"scroll\">\n<table").append(t.sortable() ? " class=\"sortable\"" : "")
        .append(" aria-label=\"").append(escape(t.caption())).append("\">\n<thead><tr>");
    for (String cell : t.header()) {
      h.append("<th>").append(escape(cell)).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < t.rows().size(); r++) {
      List<String> row = t.rows().get(r);
      h.append(t.trialIds().isEmpty() ? "<tr>"
          : "<tr data-trial=\"" + escape(t.trialIds().get(r)) + "\">");
      for (String cell : row) {
        h.append("<td>").append(escape(cell)).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table>\n</div>\n");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlPage.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + name + " beside " + HtmlPage.class);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the jar", e);
    }
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
