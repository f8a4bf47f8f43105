import type { RunData } from '../results/types';
import type { StudySummary } from '../study/types';
import { dayList, duration, table } from './markdown-util';

function params(values: Record<string, unknown> | undefined): string {
  if (!values) return 'defaults';
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

/** The "Study" section: where the data came from and how every job was trained, so a result can be read against its settings. */
export function studySection(run: RunData, summary: StudySummary): string[] {
  const { config, manifest } = run;
  const d = config.data;
  const sourceParams = d.source === 'video' ? d.video : d.source === 'synthetic' ? d.synthetic : d.file;
  const v = config.split.validation;
  const validation = v ? `; validation: ${(v.fraction * 100).toFixed(0)}% of day ${dayList(v.days ?? [Math.max(...config.split.train_days)])}` : '; no validation slice';
  const tasks = summary.tasks.map((t) => {
    const mask = config.tasks.find((c) => c.name === t.name)?.mask;
    return `${t.name} (${t.type}, ${t.metric.toUpperCase()}, ω₀=${t.weight}, γ=${t.gamma}${mask ? `, mask \`${mask}\`` : ''})`;
  });
  const tr = config.training;
  const es = tr.early_stopping ? `early stopping (patience ${tr.early_stopping.patience}${tr.early_stopping.restore_best ? ', best weights restored' : ''})` : 'no early stopping (last epoch evaluated)';
  const failed = run.jobs.filter((j) => j.status === 'failed').length;
  const versions = Object.entries(manifest.versions).map(([k, ver]) => `${k} ${ver}`).join(', ');
  const rows: [string, string][] = [
    ['data', `${d.source}, \`${manifest.data.path}\` (${manifest.data.rows} rows, sha256 ${manifest.data.sha256.slice(0, 12)}…)`],
    ['data parameters', params(sourceParams as Record<string, unknown> | undefined)],
    ['world seed', String(d.seed)],
    ['split', `train days ${dayList(config.split.train_days)}, test day ${dayList(config.split.test_days)}${validation}`],
    ['tasks', tasks.join('; ')],
    ['training', `${tr.epochs} epochs, batch ${tr.batch_size}, ${tr.optimizer} lr ${tr.learning_rate}, ${es}`],
    ['model seeds', summary.seeds.join(', ')],
    ['backend', `${manifest.backend}; node ${manifest.node}`],
    ['versions', versions],
    ['machine', `${manifest.cpu.model} (${manifest.cpu.cores} cores)`],
    ['started / finished', `${manifest.started_at} / ${manifest.finished_at ?? 'not finished'}`],
    ['wall time', duration(manifest.wall_s)],
    ['jobs', `${run.jobs.length} finished of ${run.config.models.length * run.config.training.seeds.length} (${manifest.parallel_jobs} in parallel)${failed > 0 ? `, ${failed} failed` : ''}`],
  ];
  if (manifest.sweep_points && manifest.sweep_points.length > 0) {
    rows.push(['sweep', manifest.sweep_points.map((p) => `${p.key}: ${JSON.stringify(p.overrides)}`).join('; ')]);
  }
  const out = ['## Study', ''];
  if (config.description) out.push(config.description, '');
  out.push(...table(['setting', 'value'], rows));
  return out;
}

/** Test (and validation) rows per task, from the first ok job: every job of a run sees the same split. */
export function samplesSection(run: RunData, summary: StudySummary): string[] {
  const job = run.jobs.find((j) => j.status === 'ok');
  if (!job) return [];
  const lastValidation = [...job.history].reverse().find((h) => h.validation)?.validation;
  const rows = summary.tasks.map((t) => [t.name, job.metrics[t.name]?.n ?? '–', lastValidation?.[t.name]?.n ?? '–']);
  return [
    '## Samples per task',
    '',
    ...table(['task', 'test rows (n)', 'validation rows (n)'], rows),
    '',
    `Training rows per task are not recorded per job; the data file holds ${run.manifest.data.rows} rows over all days.`,
  ];
}
