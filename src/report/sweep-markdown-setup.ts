import type { RunData } from '../results/types';
import { valueText, type SweepStudy } from '../study/sweep';
import { duration, mdCode, mdParagraph, mdText, table } from './markdown-util';

/** `a.b = 1, c = x` for a point's overrides. */
export function overridesText(overrides: Record<string, unknown>): string {
  return Object.entries(overrides).map(([k, v]) => `${k} = ${valueText(v)}`).join(', ') || '(none)';
}

/**
 * The setting shared by every point, from the first point that ran (data
 * source, training, seeds, backend), plus the run's totals: jobs over all
 * points, failures, points not run yet, wall time.
 */
export function sweepSetupSection(study: SweepStudy, first: RunData | undefined): string[] {
  const out = ['## Study', ''];
  if (!first) return [...out, 'No point of this sweep has results yet.'];
  const { config, manifest } = first;
  if (config.description) out.push(mdParagraph(config.description), '');
  const tr = config.training;
  const jobs = study.points.reduce((a, p) => ({ ok: a.ok + p.jobs.ok, failed: a.failed + p.jobs.failed, expected: a.expected + p.jobs.expected }), { ok: 0, failed: 0, expected: 0 });
  const missing = study.points.filter((p) => !p.summary).map((p) => p.key);
  const grid = study.params.map((param) => `${mdCode(param)} ∈ {${mdText([...new Set(study.points.map((p) => valueText(p.overrides[param])))].join(', '))}}`);
  const rows: [string, string][] = [
    ['grid', `${grid.join(' × ')} (${study.points.length} points)`],
    ['data', `${config.data.source}${config.data.source === 'file' ? '' : `, world seed ${config.data.seed}`}; each point whose grid changes the data gets its own data file`],
    ['training', `${tr.epochs} epochs, batch ${tr.batch_size}, ${tr.optimizer} lr ${tr.learning_rate}, ${tr.early_stopping ? `early stopping (patience ${tr.early_stopping.patience})` : 'no early stopping'}`],
    ['model seeds', manifest.seeds.join(', ')],
    ['backend', mdText(`${manifest.backend}; node ${manifest.node}`)],
    ['started / finished', `${manifest.started_at} / ${manifest.finished_at ?? 'not finished'}`],
    ['wall time', duration(manifest.wall_s)],
    ['jobs', `${jobs.ok + jobs.failed} finished of ${jobs.expected} over the points that ran${jobs.failed ? `, ${jobs.failed} failed` : ''}${missing.length ? `; not run yet: ${mdText(missing.join(', '))}` : ''}`],
  ];
  out.push(...table(['setting', 'value'], rows));
  return out;
}

/** One row per grid point: its values, each task's loss weight ω₀ and decay γ, its jobs and a link to its own report. */
export function sweepPointsSection(study: SweepStudy, links: Readonly<Record<string, string>>): string[] {
  const rows = study.points.map((p) => {
    const weights = p.weights.map((w) => `${mdText(w.task)}: ω₀=${w.weight}, γ=${w.gamma}`).join('; ') || '–';
    const status = !p.summary
      ? 'not run yet'
      : `${p.jobs.ok}/${p.jobs.expected} ok${p.jobs.failed ? `, **${p.jobs.failed} failed**` : ''}${p.jobs.ok + p.jobs.failed < p.jobs.expected ? `, ${p.jobs.expected - p.jobs.ok - p.jobs.failed} not run` : ''}`;
    const link = links[p.key] ? `[report](${links[p.key]})` : '–';
    return [mdText(p.key), mdText(overridesText(p.overrides)), weights, status, link];
  });
  return [
    '## Points',
    '',
    'Each point is a sub-study with its own single_task baseline: a gain compares models trained at the same point and seed.',
    '',
    ...table(['point', 'values', 'loss weights (ω₀, γ per task)', 'jobs', 'report'], rows),
  ];
}
