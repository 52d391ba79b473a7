package org.bnsweep;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers, checked on the compiled classes (so a fully qualified name cannot slip past): the
 * numeric core knows nothing of Spark, Hadoop or Scala; the report reads the table, not the
 * network; packages do not depend on each other in a cycle.
 */
@AnalyzeClasses(packages = "org.bnsweep", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule numericCoreUsesNoSparkHadoopOrScala = noClasses()
      .that().resideInAnyPackage("org.bnsweep.data..", "org.bnsweep.nn..", "org.bnsweep.params..",
          "org.bnsweep.train..")
      .should().dependOnClassesThat()
      .resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "org.apache.parquet..",
          "scala..");

  @ArchTest
  static final ArchRule reportDoesNotReachIntoTheNetwork = noClasses()
      .that().resideInAPackage("org.bnsweep.report..")
      .should().dependOnClassesThat().resideInAnyPackage("org.bnsweep.nn..", "org.bnsweep.train..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("org.bnsweep.(*)..").should().beFreeOfCycles();
}
