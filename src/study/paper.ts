/**
 * The PLE paper's own numbers (Tang et al., RecSys 2020), keyed by our arch
 * names, for the report's reference columns. They come from Tencent's video
 * logs: only their pattern (which quadrant) is comparable with a run here.
 */

export interface PaperTable {
  id: string;
  title: string;
  /** paper task names, in the paper's column order */
  tasks: string[];
  /** arch → task → AUC (binary) or MSE (regression), where the paper prints them */
  metrics: Record<string, Record<string, number>>;
  /** arch → task → MTL gain against Single-Task */
  gains: Record<string, Record<string, number>>;
}

const table1: PaperTable = {
  id: 'table1',
  title: 'Table 1: VTR/VCR on Tencent video logs',
  tasks: ['vtr', 'vcr'],
  metrics: {
    single_task: { vtr: 0.6787, vcr: 0.1321 },
    hard_sharing: { vtr: 0.674, vcr: 0.132 },
    asymmetric: { vtr: 0.6823, vcr: 0.1346 },
    cross_stitch: { vtr: 0.674, vcr: 0.132 },
    sluice: { vtr: 0.6825, vcr: 0.1329 },
    customized: { vtr: 0.678, vcr: 0.1318 },
    mmoe: { vtr: 0.6803, vcr: 0.1319 },
    ml_mmoe: { vtr: 0.6815, vcr: 0.1329 },
    cgc: { vtr: 0.6832, vcr: 0.132 },
    ple: { vtr: 0.6831, vcr: 0.1307 },
  },
  gains: {
    hard_sharing: { vtr: -0.0047, vcr: 1.8e-5 },
    asymmetric: { vtr: 0.0036, vcr: -0.0025 },
    cross_stitch: { vtr: -0.0047, vcr: 1.6e-5 },
    sluice: { vtr: 0.0038, vcr: -0.0008 },
    customized: { vtr: -0.0007, vcr: 0.0002 },
    mmoe: { vtr: 0.0016, vcr: 0.0001 },
    ml_mmoe: { vtr: 0.0028, vcr: -0.0009 },
    cgc: { vtr: 0.0045, vcr: 3.5e-5 },
    ple: { vtr: 0.0044, vcr: 0.0013 },
  },
};

const table2: PaperTable = {
  id: 'table2',
  title: 'Table 2: CTR/VCR on Tencent video logs',
  tasks: ['ctr', 'vcr'],
  metrics: { single_task: { ctr: 0.7379, vcr: 0.1179 } },
  gains: {
    cross_stitch: { ctr: -0.0158, vcr: 0.0021 },
    sluice: { ctr: 0.0004, vcr: 0.0021 },
    mmoe: { ctr: 0.0003, vcr: 0.0004 },
    ml_mmoe: { ctr: -0.0001, vcr: 0.001 },
    cgc: { ctr: 0.002, vcr: 0.0023 },
    ple: { ctr: 0.0027, vcr: 0.0029 },
  },
};

const table4: PaperTable[] = [
  {
    id: 'table4-vtr-vcr-shr',
    title: 'Table 4: VTR+VCR+SHR',
    tasks: ['vtr', 'vcr', 'shr'],
    metrics: {},
    gains: { cgc: { vtr: 0.0131, vcr: 0.0019, shr: -0.0001 }, ple: { vtr: 0.0132, vcr: 0.0036, shr: 0.0013 } },
  },
  {
    id: 'table4-vtr-vcr-cmr',
    title: 'Table 4: VTR+VCR+CMR',
    tasks: ['vtr', 'vcr', 'cmr'],
    metrics: {},
    gains: { cgc: { vtr: 0.018, vcr: 0.0012, cmr: 0 }, ple: { vtr: 0.0197, vcr: 0.0033, cmr: 0.0001 } },
  },
  {
    id: 'table4-vtr-vcr-shr-cmr',
    title: 'Table 4: VTR+VCR+SHR+CMR',
    tasks: ['vtr', 'vcr', 'shr', 'cmr'],
    metrics: {},
    gains: {
      cgc: { vtr: 0.0097, vcr: 0.0016, shr: 0.0008, cmr: 0.0012 },
      ple: { vtr: 0.0128, vcr: 0.0017, shr: 0.0058, cmr: 0.008 },
    },
  },
];

export const PAPER_TABLES: readonly PaperTable[] = [table1, table2, ...table4];

/** Our simulator's label names for the paper's tasks. */
const ALIASES: Record<string, string> = { click: 'ctr', share: 'shr', comment: 'cmr' };

/** The paper's name for one of our tasks (`share` → `shr`); unknown names pass through. */
export function paperTaskName(task: string): string {
  const lower = task.toLowerCase();
  return ALIASES[lower] ?? lower;
}

/** The paper table with exactly this set of tasks (order-free, aliases allowed), if any. */
export function findPaperTable(tasks: readonly string[]): PaperTable | undefined {
  const ours = [...new Set(tasks.map(paperTaskName))].sort().join(',');
  return PAPER_TABLES.find((t) => [...t.tasks].sort().join(',') === ours && t.tasks.length === tasks.length);
}
