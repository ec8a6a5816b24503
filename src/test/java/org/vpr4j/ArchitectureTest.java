package org.vpr4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering of vpr4j (README "Code map"): data flows one way, from the ground floor up
 * to the command line. A class may use its own layer and the layers below it, never one above,
 * and no two packages may depend on each other in a circle.
 */
class ArchitectureTest {
  /** Lowest first; a layer may use itself and every layer listed before it. */
  private static final String[][] LAYERS = {
      {"Base", "org.vpr4j", "org.vpr4j.util.."},
      {"Files", "org.vpr4j.io.."},
      {"Config", "org.vpr4j.config.."},
      {"Data", "org.vpr4j.data..", "org.vpr4j.synth..", "org.vpr4j.onnx.."},
      {"Model", "org.vpr4j.model.."},
      {"Jobs", "org.vpr4j.eval..", "org.vpr4j.cluster..", "org.vpr4j.guidance..", "org.vpr4j.train.."},
      {"InteropAndReports", "org.vpr4j.report..", "org.vpr4j.interop.."},
      {"Tools", "org.vpr4j.query..", "org.vpr4j.bench.."},
      {"Cli", "org.vpr4j.cli.."},
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("org.vpr4j");
  }

  @Test
  void noPackageCycles() {
    slices().matching("org.vpr4j.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noLayerUsesALayerAboveIt() {
    LayeredArchitecture rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      rule = rule.layer(layer[0]).definedBy(List.of(layer).subList(1, layer.length).toArray(String[]::new));
    }
    for (int i = 0; i < LAYERS.length - 1; i++) {
      List<String> above = new ArrayList<>();
      for (int j = i + 1; j < LAYERS.length; j++) {
        above.add(LAYERS[j][0]);
      }
      rule = rule.whereLayer(LAYERS[i][0]).mayOnlyBeAccessedByLayers(above.toArray(String[]::new));
    }
    rule.whereLayer("Cli").mayNotBeAccessedByAnyLayer().check(classes);
  }

  @Test
  void nothingBelowTheCommandLineUsesIt() {
    noClasses().that().resideOutsideOfPackage("org.vpr4j.cli..")
        .should().dependOnClassesThat().resideInAPackage("org.vpr4j.cli..").check(classes);
  }

  @Test
  void everyPackageHasALayer() {
    noClasses().that().resideOutsideOfPackages(
            List.of(LAYERS).stream().flatMap(l -> List.of(l).subList(1, l.length).stream()).toArray(String[]::new))
        .should().resideInAPackage("org.vpr4j..")
        .because("a new package must be given its place in ArchitectureTest.LAYERS")
        .allowEmptyShould(true)
        .check(classes);
  }
}
