package org.bnsweep.results;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file on a file system instance we choose. Parquet's own {@code
 * HadoopOutputFile} looks the file system up from the path, which for {@code file:} is the
 * checksummed one that writes a {@code .crc} file beside the data; the table writes through the
 * raw local file system instead (see {@link Publication}).
 */
final class FileSystemOutputFile implements OutputFile {
  private final FileSystem fs;
  private final Path path;
  private final boolean overwrite;

  /** @param overwrite whether {@link #create} replaces an existing file (else it fails) */
  FileSystemOutputFile(FileSystem fs, Path path, boolean overwrite) {
    this.fs = fs;
    this.path = path;
    this.overwrite = overwrite;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return HadoopStreams.wrap(fs.create(path, overwrite));
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return HadoopStreams.wrap(fs.create(path, true));
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path.toString();
  }
}
