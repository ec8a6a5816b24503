package org.vpr4j.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;
import org.vpr4j.config.Pooling;
import org.vpr4j.config.ModelConfig;
import org.vpr4j.model.GlobalPooling;
import org.vpr4j.model.ImageNormalization;
import org.vpr4j.model.NetVlad;
import org.vpr4j.model.Vgg16Encoder;
import org.vpr4j.model.VprModel;
import org.vpr4j.model.layers.Layers;

/**
 * The reference's mining-cache network (docs/training.md, docs/quirks.md item 2): encoder then pooling, every attention
 * module skipped, over the model's own variables in inference mode. Its hard negatives are mined
 * with descriptors that differ from the trained one whenever the model has attention.
 */
final class EncoderPoolPass {
  private EncoderPoolPass() {}

  static Operand<TFloat32> descriptor(VprModel model, Operand<TUint8> images) {
    ModelConfig config = model.config();
    Ops tf = model.tf();
    // Params hands out the existing variables by name, so these layers share the model's weights.
    Layers layers = new Layers(tf, model.params());
    Operand<TFloat32> features = new Vgg16Encoder(config).apply(layers, ImageNormalization.apply(tf, images));
    return config.pooling() == Pooling.NETVLAD
        ? new NetVlad(config.numClusters(), config.encoderDim()).apply(layers, features, null)
        : new GlobalPooling(config.pooling()).apply(layers, features);
  }
}
