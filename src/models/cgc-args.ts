import { int, towerArgs, widths } from './args';

/** Arguments shared by CGC and PLE. */
export const cgcArgs = {
  /** m_k: experts of each task (one in the paper's utilisation study) */
  experts_per_task: int(1).default(1),
  /** m_s: shared experts */
  shared_experts: int(1).default(1),
  /** widths of each expert's layers (one layer in the paper) */
  expert_units: widths(1).default([256]),
  ...towerArgs,
};

export const cgcSmoke = { experts_per_task: 1, shared_experts: 2, expert_units: [8] };
