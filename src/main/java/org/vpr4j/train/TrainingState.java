package org.vpr4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vpr4j.VprException;
import org.vpr4j.config.GraphConfig;

/**
 * Where training stands after an epoch: everything besides the variables that resuming needs.
 *
 * @param epochsDone completed epochs (the next epoch to run has this 0-based index)
 * @param steps optimizer steps taken so far
 * @param bestScore best validation recall@bestBy so far (-1 before any validation)
 * @param bestEpoch 1-based epoch that reached it (0 for none)
 * @param notImproved epochs since the last improvement (early stopping counter)
 * @param history one entry per completed epoch
 */
public record TrainingState(int epochsDone, long steps, double bestScore, int bestEpoch, int notImproved,
    List<EpochRecord> history) {

  /** What one epoch did. */
  public record EpochRecord(int epoch, double learningRate, double meanLoss, int batches, int triplets,
      int skippedQueries, Map<Integer, Double> recalls, double seconds) {
    public EpochRecord withRecalls(Map<Integer, Double> r) {
      return new EpochRecord(epoch, learningRate, meanLoss, batches, triplets, skippedQueries, r, seconds);
    }
  }

  public TrainingState {
    history = List.copyOf(history);
  }

  public static TrainingState fresh() {
    return new TrainingState(0, 0, -1, 0, 0, List.of());
  }

  /** The state after one more epoch, judged on recall@{@code bestBy}. */
  public TrainingState after(EpochRecord epoch, long newSteps, int bestBy) {
    double score = epoch.recalls().getOrDefault(bestBy, 0.0);
    boolean improved = score > bestScore;
    List<EpochRecord> h = new ArrayList<>(history);
    h.add(epoch);
    return new TrainingState(epochsDone + 1, newSteps, improved ? score : bestScore,
        improved ? epoch.epoch() : bestEpoch, improved ? 0 : notImproved + 1, h);
  }

  public boolean lastEpochImproved() {
    return !history.isEmpty() && bestEpoch == history.get(history.size() - 1).epoch();
  }

  /** The reference stops when {@code notImproved > patience} (after patience + 1 flat epochs). */
  public boolean shouldStop(int patience) {
    return notImproved > patience;
  }

  public String toJson() {
    try {
      return GraphConfig.json().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrainingState fromJson(String json, String origin) {
    try {
      return GraphConfig.json().readValue(json, TrainingState.class);
    } catch (JsonProcessingException e) {
      throw new VprException(origin + ": the training state is unreadable (" + e.getOriginalMessage() + ")");
    }
  }
}
