/**
 * Families of architectures, for the figures' colours and shapes. The
 * paper's Figure 1 splits single-level from multi-level sharing; the gated
 * expert models (MMoE, ML-MMoE, CGC, PLE) are its subject, so they form a
 * family of their own whatever their depth. An architecture not listed here
 * (one added after this table) is "other".
 */
export type ModelFamily = 'single-level sharing' | 'multi-level sharing' | 'gated experts' | 'other';

const FAMILY: Record<string, ModelFamily> = {
  single_task: 'other',
  hard_sharing: 'single-level sharing',
  asymmetric: 'single-level sharing',
  customized: 'single-level sharing',
  cross_stitch: 'multi-level sharing',
  sluice: 'multi-level sharing',
  mmoe: 'gated experts',
  ml_mmoe: 'gated experts',
  cgc: 'gated experts',
  ple: 'gated experts',
};

/** Legend order, with one colour and one shape each (distinct in greyscale too). */
export const FAMILIES: readonly { family: ModelFamily; colour: string; shape: string }[] = [
  { family: 'single-level sharing', colour: '#1f77b4', shape: 'circle' },
  { family: 'multi-level sharing', colour: '#9467bd', shape: 'square' },
  { family: 'gated experts', colour: '#d62728', shape: 'diamond' },
  { family: 'other', colour: '#555555', shape: 'triangle-up' },
];

export function familyOf(arch: string): ModelFamily {
  return Object.prototype.hasOwnProperty.call(FAMILY, arch) ? FAMILY[arch] : 'other';
}
