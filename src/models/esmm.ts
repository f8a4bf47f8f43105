import { z } from 'zod';
import { smokeTower, towerArgs, widths } from './args';
import { embeddingInput } from './blocks/embedding-input';
import { mlp } from './blocks/mlp';
import { towers } from './blocks/tower';
import { VariableStore } from './blocks/variable-store';
import { makeModel } from './model';
import type { ArchSpec } from './types';

const args = z
  .object({
    /** widths of each task's network over the shared embedding */
    bottom: widths(1).default([256]),
    ...towerArgs,
  })
  .strict();

export type EsmmArgs = z.output<typeof args>;

/**
 * Entire Space Multi-task Model (Ma et al., "Entire Space Multi-Task Model:
 * An Effective Approach for Estimating Post-Click Conversion Rate", SIGIR
 * 2018): the tasks share the embedding and each has its own network
 * (`bottom_<task>`, then its tower). A task declared `conditional_on` an
 * earlier one (conversion given click) is not trained on its own rows,
 * where clicked impressions are few and biased, but through
 * pCTCVR = pCTR·pCVR against click·conversion over the parent's rows (every
 * impression): `entireSpace` (src/train/masked-loss.ts, `entireSpaceLoss`).
 * Its output stays the conditional logit, so its metric is still scored on
 * its own rows. Without a conditional task it is a shared-embedding model.
 */
export const esmm: ArchSpec<EsmmArgs> = {
  description: 'shared embedding, one network per task; a conditional task trained through pCTCVR = pCTR·pCVR (Ma et al. 2018)',
  args,
  smoke: { bottom: [8], ...smokeTower },
  build(a, ctx) {
    const store = VariableStore.create('esmm', ctx.seed);
    const input = embeddingInput(store, ctx.input);
    const nets = ctx.tasks.map((t) => mlp(store, `bottom_${t.name}`, input.dim, a.bottom, a.activation));
    const heads = towers(store, ctx.tasks, nets.map((n) => n.units), a.tower, a.activation);
    return makeModel(
      'esmm',
      store,
      (batch) => {
        const x = input.apply(batch); // [batch, in]
        return heads.map((h, k) => h.apply(nets[k].apply(x)));
      },
      { entireSpace: true },
    );
  },
};
