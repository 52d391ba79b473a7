package org.bnsweep.results;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The decisions of asynchronous stages beside the results table: {@code
 * <results>/_search/<sweep>/<stage>/<order>} holds the bytes of decision number {@code order}.
 * Only the driver writes here, one decision before its segment starts; each is written under a
 * hidden temporary name and renamed into place, so a driver killed while writing leaves no torn
 * decision (at most a temporary file, which readers skip).
 */
public final class DecisionLog implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String results;
  private final HadoopConf hadoop;

  public DecisionLog(String results, HadoopConf hadoop) {
    this.results = results;
    this.hadoop = hadoop;
  }

  private Path stageDir(String sweep, String stage) {
    return new Path(new Path(new Path(results, "_search"), sweep), stage);
  }

  /** Stores decision {@code order} of a stage; an existing one of that number is an error. */
  public void write(String sweep, String stage, int order, byte[] bytes) {
    Path dir = stageDir(sweep, stage);
    Path target = new Path(dir, String.format("%06d", order));
    Path tmp = new Path(dir, ".tmp-" + order + "-" + UUID.randomUUID());
    try {
      FileSystem fs = dir.getFileSystem(hadoop.toConfiguration());
      fs.mkdirs(dir);
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
      }
      if (fs.exists(target) || !fs.rename(tmp, target)) {
        fs.delete(tmp, false);
        throw new IllegalStateException("decision " + target + " exists already: is another"
            + " driver running sweep " + sweep + "?");
      }
    } catch (IOException | org.apache.hadoop.fs.FSError e) {
      throw new UncheckedIOException("cannot write the decision " + target,
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
  }

  /** The bytes of every decision of a stage, in order; none if it has taken none. */
  public List<byte[]> read(String sweep, String stage) {
    Path dir = stageDir(sweep, stage);
    List<byte[]> decisions = new ArrayList<>();
    try {
      FileSystem fs = dir.getFileSystem(hadoop.toConfiguration());
      if (!fs.exists(dir)) {
        return decisions;
      }
      List<Path> files = new ArrayList<>();
      for (FileStatus f : fs.listStatus(dir)) {
        if (f.getPath().getName().matches("[0-9]{6,9}")) {
          files.add(f.getPath());
        }
      }
      files.sort(java.util.Comparator.comparing(Path::getName));
      for (Path f : files) {
        try (FSDataInputStream in = fs.open(f)) {
          decisions.add(in.readAllBytes());
        }
      }
      return decisions;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the decisions in " + dir, e);
    }
  }
}
