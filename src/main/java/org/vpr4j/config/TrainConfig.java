package org.vpr4j.config;

import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;

/**
 * How to train (docs/training.md). Defaults are the paper's code (DG); the NetVLAD baseline's
 * settings (NANNE) are noted where they differ.
 *
 * @param loss triplet (PyTorch TripletMarginLoss, p=2, eps 1e-6) or sTML
 * @param margin triplet margin: 0.1 in the paper's code, sqrt(0.1) in NANNE
 * @param stmlPnMargin sTML's positive-negative margin (1.4)
 * @param stmlVersion 1 = max(0, d_qp + m - d_qn + m_pn - d_pn); 2 = max(0, m_pn - d_pn)
 * @param miningMargin negatives are kept while d_neg < d_pos + this (0.1; 1.5 for sTML runs)
 * @param maskLossWeight weight of the de-attention mask MSE (0.1 in the paper's runs)
 * @param distractors Cityscapes categories the de-attention mask should suppress
 * @param trainableFrom first trained VGG block: conv3 (DG), conv5 (NANNE) or all
 * @param optimizer SGD (momentum, weight decay) or Adam
 * @param lrSchedule constant (DG never steps its scheduler) or step
 * @param bestBy recall N that selects the best model: 1 (DG) or 5 (NANNE)
 * @param cacheModel full (our default: attention included) or encoder-pool
 *     (the paper's shortcut, docs/training.md)
 * @param miningCacheReuse how many consecutive parts of an epoch share one set of database
 *     descriptors for mining: 1 = the paper (every training image is described again before every
 *     part); N > 1 = the database is described once per N parts and each part describes only its
 *     own queries (cheaper, slightly staler negatives; see {@code train.MiningCache})
 */
public record TrainConfig(
    Loss loss,
    double margin,
    double stmlPnMargin,
    int stmlVersion,
    double miningMargin,
    double maskLossWeight,
    List<String> distractors,
    TrainableFrom trainableFrom,
    Optimizer optimizer,
    double lr,
    double momentum,
    double weightDecay,
    LrSchedule lrSchedule,
    int lrStep,
    double lrGamma,
    int epochs,
    int batchSize,
    int cacheBatchSize,
    int cacheRefreshRate,
    int negativesSampled,
    int negativesPerQuery,
    int patience,
    int bestBy,
    CacheModel cacheModel,
    long seed,
    int miningCacheReuse) {

  public TrainConfig {
    loss = loss == null ? Loss.TRIPLET : loss;
    trainableFrom = trainableFrom == null ? TrainableFrom.CONV3 : trainableFrom;
    optimizer = optimizer == null ? Optimizer.SGD : optimizer;
    lrSchedule = lrSchedule == null ? LrSchedule.CONSTANT : lrSchedule;
    cacheModel = cacheModel == null ? CacheModel.FULL : cacheModel;
    distractors = distractors == null ? List.of("human", "vehicle") : List.copyOf(distractors);
    check(stmlVersion == 1 || stmlVersion == 2, "stmlVersion", stmlVersion, "must be 1 or 2");
    atLeastZero("margin", margin);
    atLeastZero("stmlPnMargin", stmlPnMargin);
    atLeastZero("miningMargin", miningMargin);
    atLeastZero("maskLossWeight", maskLossWeight);
    check(lr > 0, "lr", lr, "must be > 0");
    atLeastZero("momentum", momentum);
    atLeastZero("weightDecay", weightDecay);
    check(lrGamma > 0, "lrGamma", lrGamma, "must be > 0");
    atLeastOne("lrStep", lrStep);
    atLeastOne("epochs", epochs);
    atLeastOne("batchSize", batchSize);
    atLeastOne("cacheBatchSize", cacheBatchSize);
    atLeastOne("cacheRefreshRate", cacheRefreshRate);
    atLeastOne("negativesSampled", negativesSampled);
    atLeastOne("negativesPerQuery", negativesPerQuery);
    check(patience >= 0, "patience", patience, "must be >= 0");
    atLeastOne("bestBy", bestBy);
    check(miningCacheReuse >= 1, "miningCacheReuse", miningCacheReuse,
        "must be at least 1 (1 = refresh before every part, as the paper)");
  }

  /** The paper's code: triplet loss, margin 0.1, conv3 onward, SGD 1e-3 constant, 30 epochs. */
  public static TrainConfig paper() {
    return new TrainConfig(Loss.TRIPLET, 0.1, 1.4, 1, 0.1, 0.0, List.of("human", "vehicle"), TrainableFrom.CONV3,
        Optimizer.SGD, 1e-3, 0.9, 1e-3, LrSchedule.CONSTANT, 5, 0.5, 30, 4, 24, 1000, 1000, 10, 10, 1, CacheModel.FULL,
        123, 1);
  }

  /**
   * Learning rate of a 0-based epoch. The step schedule is pytorch-NetVlad's: it calls
   * {@code StepLR(lrStep, lrGamma).step(epoch)} with the 1-based epoch before each epoch, so the
   * rate first drops in the lrStep-th epoch (epochs 1-4 at lr, 5-9 at lr * gamma for step 5).
   */
  public double learningRate(int epoch) {
    return lrSchedule == LrSchedule.STEP ? lr * Math.pow(lrGamma, (epoch + 1) / lrStep) : lr;
  }

  /** This configuration with {@code changes} (field name to value), validated like any other. */
  public TrainConfig with(Map<String, ?> changes) {
    return Copies.with(this, changes);
  }

  public TrainConfig withEpochs(int e) {
    return with(Map.of("epochs", e));
  }

  public TrainConfig withTrainableFrom(TrainableFrom from) {
    return with(Map.of("trainableFrom", from));
  }

  public TrainConfig withMiningCacheReuse(int parts) {
    return with(Map.of("miningCacheReuse", parts));
  }

  private static void atLeastOne(String field, int value) {
    check(value >= 1, field, value, "must be at least 1");
  }

  private static void atLeastZero(String field, double value) {
    check(value >= 0, field, value, "must be >= 0");
  }

  /** Every rule about the training section fails here, with the field's name. */
  private static void check(boolean ok, String field, Object value, String rule) {
    if (!ok) {
      throw new VprException("training." + field + " " + value + " " + rule);
    }
  }
}
