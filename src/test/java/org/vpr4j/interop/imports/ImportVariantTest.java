package org.vpr4j.interop.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.vpr4j.VprException;

class ImportVariantTest {
  private static List<String> vpr(String... attentionKeys) {
    List<String> names = new ArrayList<>(List.of("encoder.0.weight", "encoder.0.bias", "pool.centroids",
        "pool.conv.weight"));
    names.addAll(List.of(attentionKeys));
    return names;
  }

  @Test
  void detectsEveryRowFromItsKeyRoots() {
    assertEquals(Optional.of(ImportVariant.BASELINE), ImportVariant.detect(vpr()));
    assertEquals(Optional.of(ImportVariant.CRN), ImportVariant.detect(vpr("crn_attention.crn_conv1.0.weight")));
    assertEquals(Optional.of(ImportVariant.BAM), ImportVariant.detect(vpr("bam_attention.channel_att.x.weight")));
    assertEquals(Optional.of(ImportVariant.CBAM), ImportVariant.detect(vpr("cbam_attention.SpatialGate.bn.weight")));
    assertEquals(Optional.of(ImportVariant.SENET), ImportVariant.detect(vpr("senet_attention.fc.0.weight")));
    assertEquals(Optional.of(ImportVariant.DEATT), ImportVariant.detect(vpr("deattention.crn_conv4.0.bias")));
    assertEquals(Optional.of(ImportVariant.DEATT_SENET),
        ImportVariant.detect(vpr("senet_attention.fc.2.weight", "deattention.crn_conv1.2.running_var")));
    assertEquals(Optional.of(ImportVariant.SEGMENTER),
        ImportVariant.detect(List.of("backbone.low_level_features.0.0.weight", "classifier.classifier.3.bias")));
    assertEquals(Optional.of(ImportVariant.VGG16_IMAGENET), ImportVariant.detect(List.of("features.0.weight")));
  }

  @Test
  void combinationsNoRowUsesAndForeignNamesAreNotGuessed() {
    assertEquals(Optional.empty(), ImportVariant.detect(vpr("bam_attention.a.weight", "cbam_attention.b.weight")));
    assertEquals(Optional.empty(), ImportVariant.detect(vpr("ch_eca_attention.conv.weight")));
    assertEquals(Optional.empty(), ImportVariant.detect(List.of("layer1.0.conv1.weight", "fc.weight")));
    // exporter constants do not count as roots
    assertEquals(Optional.of(ImportVariant.BASELINE), ImportVariant.detect(vpr("onnx::Mul_12")));
  }

  @Test
  void unknownNamesListTheKnownOnes() {
    VprException e = assertThrows(VprException.class, () -> ImportVariant.byId("resnet", "--variant"));
    assertTrue(e.getMessage().startsWith("--variant: unknown variant 'resnet'"), e.getMessage());
    assertTrue(e.getMessage().contains("deatt_senet, segmenter, vgg16_imagenet"), e.getMessage());
    assertEquals(ImportVariant.DEATT_SENET, ImportVariant.byId(" DEATT_SENET ", "x"));
  }

  @Test
  void rowsMapToTheirGraphFiles() {
    assertEquals("deattention-stml", ImportVariant.DEATT_SENET.graphName());
    assertEquals("netvlad", ImportVariant.VGG16_IMAGENET.graphName());
    assertTrue(ImportVariant.DEATT.hasMask() && !ImportVariant.CRN.hasMask());
    assertTrue(!ImportVariant.VGG16_IMAGENET.hasDescriptor() && ImportVariant.BASELINE.hasDescriptor());
  }
}
