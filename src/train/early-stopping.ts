import type * as tf from '@tensorflow/tfjs';
import { WeightSnapshot } from './snapshot';

/**
 * Early stopping on the validation loss: stops once `patience` epochs in a
 * row have not improved on the best one, and, with restoreBest, keeps a copy
 * of the best epoch's weights to put back at the end.
 */
export class EarlyStopping {
  bestEpoch = -1;
  private bestLoss = Infinity;
  private snapshot: WeightSnapshot | undefined;

  constructor(
    private readonly patience: number,
    private readonly restoreBest: boolean,
  ) {}

  /** Records one epoch's validation loss; true when training should stop. */
  update(epoch: number, loss: number, variables: tf.Variable[]): boolean {
    if (loss < this.bestLoss) {
      this.bestLoss = loss;
      this.bestEpoch = epoch;
      if (this.restoreBest) {
        this.snapshot?.dispose();
        this.snapshot = WeightSnapshot.take(variables);
      }
      return false;
    }
    return epoch - this.bestEpoch > this.patience;
  }

  /** Puts the best weights back; returns the epoch whose weights the model now holds. */
  finish(lastEpoch: number, variables: tf.Variable[]): number {
    if (!this.restoreBest || this.snapshot === undefined) return lastEpoch;
    this.snapshot.restore(variables);
    return this.bestEpoch;
  }

  dispose(): void {
    this.snapshot?.dispose();
    this.snapshot = undefined;
  }
}
