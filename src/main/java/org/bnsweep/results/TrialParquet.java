package org.bnsweep.results;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.bnsweep.nn.NetworkConfig;
import org.bnsweep.train.EpochRecord;
import org.bnsweep.train.TrainingConfig;
import org.bnsweep.train.TrialResult;

/**
 * The Parquet schema of a trial row and its writer. Executors write a trial's file themselves,
 * without a Spark job, so the schema is spelled out here in Parquet's own terms; Spark SQL reads
 * it as the documented table (lists as arrays, the curve as an array of structs, timestamps in
 * UTC). Metrics that were never reached are null rather than NaN, so that ORDER BY puts them
 * last.
 */
public final class TrialParquet {
  private static final String METRICS =
      """
        optional double train_loss;
        optional double train_cost;
        optional double train_accuracy;
        optional double val_loss;
        optional double val_cost;
        optional double val_accuracy;
      """;

  public static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      """
      message trial {
        required binary stage (STRING);
        required binary trial_id (STRING);
        required binary status (STRING);
        optional binary error (STRING);
        optional group hidden (LIST) { repeated group list { required int32 element; } }
        required int32 depth;
        required boolean batch_norm;
        required binary init (STRING);
        optional double sigma;
        required double bn_alpha;
        required double bn_epsilon;
        required double lambda;
        required int32 batch_size;
        required double eta_min;
        required double eta_max;
        required int32 step_size;
        required int32 cycles;
        required binary precision (STRING);
        required int64 seed;
        required int64 training_seed;
        required int32 training_size;
        required int32 validation_size;
        required int32 test_size;
      """ + METRICS + """
        optional double test_accuracy;
        required int64 updates;
        required int32 epochs;
        optional group curve (LIST) {
          repeated group list {
            required group element {
              required int32 epoch;
              required int64 updates;
              required double eta;
      """ + METRICS + """
              required double seconds;
            }
          }
        }
        required double training_seconds;
        required double seconds;
        required binary executor (STRING);
        required int32 attempt;
        required int64 started_at (TIMESTAMP(MILLIS,true));
        required int64 ended_at (TIMESTAMP(MILLIS,true));
      }
      """);

  private TrialParquet() {}

  /** Writes {@code row} as a one-row Parquet file at {@code file}, which must not exist. */
  public static void write(TrialRow row, OutputFile file, Configuration conf) throws IOException {
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
        .withConf(conf)
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.CREATE)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      writer.write(toGroup(row));
    }
  }

  static Group toGroup(TrialRow row) {
    Group g = new SimpleGroupFactory(SCHEMA).newGroup();
    TrialResult r = row.result();
    NetworkConfig n = row.network();
    TrainingConfig t = row.training();
    g.append("stage", row.stage());
    g.append("trial_id", row.trialId());
    g.append("status", r.status().label());
    if (r.error() != null) {
      g.append("error", r.error());
    }
    Group hidden = g.addGroup("hidden");
    for (int width : n.hidden()) {
      hidden.addGroup("list").append("element", width);
    }
    g.append("depth", n.layers());
    g.append("batch_norm", n.batchNorm());
    g.append("init", n.init().toString());
    if (!n.init().isHe()) {
      g.append("sigma", n.init().sigma());
    }
    g.append("bn_alpha", n.bnAlpha());
    g.append("bn_epsilon", n.bnEpsilon());
    g.append("lambda", t.lambda());
    g.append("batch_size", t.batchSize());
    g.append("eta_min", t.etaMin());
    g.append("eta_max", t.etaMax());
    g.append("step_size", t.stepSizeFor(row.data().trainingSize()));
    g.append("cycles", t.cycles());
    g.append("precision", t.precision());
    g.append("seed", row.seed());
    g.append("training_seed", row.trainingSeed());
    g.append("training_size", row.data().trainingSize());
    g.append("validation_size", row.data().validationSize());
    g.append("test_size", row.data().testSize());
    appendMetrics(g, r.trainLoss(), r.trainCost(), r.trainAccuracy(), r.valLoss(), r.valCost(),
        r.valAccuracy());
    appendIfFinite(g, "test_accuracy", r.testAccuracy());
    g.append("updates", r.updates());
    g.append("epochs", r.curve().size());
    Group curve = g.addGroup("curve");
    for (EpochRecord e : r.curve()) {
      Group p = curve.addGroup("list").addGroup("element");
      p.append("epoch", e.epoch());
      p.append("updates", e.updates());
      p.append("eta", e.eta());
      appendMetrics(p, e.trainLoss(), e.trainCost(), e.trainAccuracy(), e.valLoss(), e.valCost(),
          e.valAccuracy());
      p.append("seconds", e.seconds());
    }
    g.append("training_seconds", r.trainingSeconds());
    g.append("seconds", r.seconds());
    g.append("executor", row.executor());
    g.append("attempt", row.attempt());
    g.append("started_at", row.startedAt().toEpochMilli());
    g.append("ended_at", row.endedAt().toEpochMilli());
    return g;
  }

  private static void appendMetrics(Group g, double trainLoss, double trainCost,
      double trainAccuracy, double valLoss, double valCost, double valAccuracy) {
    appendIfFinite(g, "train_loss", trainLoss);
    appendIfFinite(g, "train_cost", trainCost);
    appendIfFinite(g, "train_accuracy", trainAccuracy);
    appendIfFinite(g, "val_loss", valLoss);
    appendIfFinite(g, "val_cost", valCost);
    appendIfFinite(g, "val_accuracy", valAccuracy);
  }

  private static void appendIfFinite(Group g, String field, double v) {
    if (Double.isFinite(v)) {
      g.append(field, v);
    }
  }
}
