import * as path from 'node:path';
import { describeSplit } from '../config/split-kind';
import type { Manifest, RunData } from '../results/types';
import type { StudyStatistics, StudySummary } from '../study/types';
import { andList } from '../study/verdicts';
import { MISSING } from './format';
import { dayList, duration, mdCode, mdParagraph, mdText, table } from './markdown-util';

function params(values: Record<string, unknown> | undefined): string {
  if (!values) return 'defaults';
  return Object.entries(values)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

function statisticsText(s: StudyStatistics): string {
  const correction = s.correction === 'none' ? 'no correction' : `${s.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'} over ${s.family_size} gains`;
  const resamples = s.resamples ? ` (${s.resamples} bootstrap resamples of the test rows)` : '';
  return `firm: adjusted p < ${s.alpha}, ${correction}; intervals asked: ${s.interval}, covering ${andList(s.covers) || 'nothing'}${resamples}`;
}

/** The "Study" section: where the data came from and how every job was trained, so a result can be read against its settings. */
export function studySection(run: RunData, summary: StudySummary): string[] {
  const { config, manifest } = run;
  const d = config.data;
  const sourceParams = d.source === 'video' ? d.video : d.source === 'synthetic' ? d.synthetic : d.file;
  const v = config.split.validation;
  const days = config.split.train_days && config.split.test_days ? { train: config.split.train_days, test: config.split.test_days } : undefined;
  const validation = v && days ? `; validation: ${(v.fraction * 100).toFixed(0)}% of day ${dayList(v.days ?? [Math.max(...days.train)])}` : '; no validation slice';
  const tasks = summary.tasks.map((t) => {
    const mask = config.tasks.find((c) => c.name === t.name)?.mask;
    return `${mdText(t.name)} (${t.type}, ${t.metric.toUpperCase()}, ω₀=${t.weight}, γ=${t.gamma}${mask ? `, mask ${mdCode(mask)}` : ''})`;
  });
  const tr = config.training;
  const es = tr.early_stopping ? `early stopping (patience ${tr.early_stopping.patience}${tr.early_stopping.restore_best ? ', best weights restored' : ''})` : 'no early stopping (last epoch evaluated)';
  const failed = run.jobs.filter((j) => j.status === 'failed').length;
  const versions = mdText(Object.entries(manifest.versions).map(([k, ver]) => `${k} ${ver}`).join(', '));
  const rows: [string, string][] = [
    ['data', `${d.source}, ${mdCode(manifest.data.path)} (${manifest.data.rows} rows, sha256 ${mdText(manifest.data.sha256.slice(0, 12))}…)`],
    ['data parameters', mdText(params(sourceParams as Record<string, unknown> | undefined))],
    // a file is one world, its own: no generator seed to show
    ...(d.source === 'file' ? [] : [['world seed', config.training.data_seeds ? `${config.training.data_seeds.join(', ')} (one world per data seed)` : String(d.seed)] as [string, string]]),
    ['split', days ? `train days ${dayList(days.train)}, test day ${dayList(days.test)}${validation}` : mdText(describeSplit(config.split))],
    ['tasks', tasks.join('; ')],
    ['training', `${tr.epochs} epochs, batch ${tr.batch_size}, ${tr.optimizer} lr ${tr.learning_rate}, ${es}`],
    ['model seeds', summary.seeds.join(', ')],
    ...(summary.statistics ? [['statistics', mdText(statisticsText(summary.statistics))] as [string, string]] : []),
    ['backend', mdText(`${manifest.backend}; node ${manifest.node}`)],
    ['versions', versions],
    ['machine', mdText(`${manifest.cpu.model} (${manifest.cpu.cores} cores)`)],
    ['started / finished', `${manifest.started_at} / ${manifest.finished_at ?? 'not finished'}`],
    ['wall time', duration(manifest.wall_s)],
    ['jobs', `${run.jobs.length} finished of ${run.config.models.length * run.config.training.seeds.length} (${manifest.parallel_jobs} in parallel)${failed > 0 ? `, ${failed} failed` : ''}`],
  ];
  if (manifest.sweep_points && manifest.sweep_points.length > 0) {
    rows.push(['sweep', mdText(manifest.sweep_points.map((p) => `${p.key}: ${JSON.stringify(p.overrides)}`).join('; '))]);
  }
  const out = ['## Study', ''];
  if (config.description) out.push(mdParagraph(config.description), '');
  out.push(...table(['setting', 'value'], rows));
  return out;
}

/** Swept paths that cannot change which rows a task has. */
const SAME_ROWS = /^(training\.|models\b|model_defaults\.|tasks\[\d+\]\.(weight|gamma)$)/;

/**
 * The manifest's rows per task and part of the split, when they describe
 * this run: a sweep point's own (`point_samples`), or, in a manifest from
 * before those were recorded, the first point's, which hold for every point
 * when the grid changes no data, split or task.
 */
export function recordedSamples(run: RunData): Manifest['samples'] | undefined {
  const { samples, sweep_points: points, point_samples: perPoint } = run.manifest;
  const key = path.basename(run.dir);
  if (points && points.length > 0 && perPoint?.[key]) return perPoint[key];
  if (!samples) return undefined;
  if (!points || points.length === 0 || key === points[0].key) return samples;
  // a grid over training settings or loss weights leaves every point with the same rows
  const same = points.every((p) => Object.keys(p.overrides).every((k) => SAME_ROWS.test(k)));
  return same ? samples : undefined;
}

/**
 * Training, validation and test rows per task (δ = 1): from the manifest when
 * it has them, else test rows from the first ok job and validation rows from
 * its history (every job of a run sees the same split).
 */
export function samplesSection(run: RunData, summary: StudySummary): string[] {
  const samples = recordedSamples(run);
  const job = run.jobs.find((j) => j.status === 'ok');
  if (!samples && !job) return [];
  const lastValidation = job ? [...job.history].reverse().find((h) => h.validation)?.validation : undefined;
  const pick = (...vs: (number | undefined)[]) => vs.find((v) => v !== undefined) ?? MISSING;
  const rows = summary.tasks.map((t) => [
    mdText(t.name),
    pick(samples?.train[t.name]),
    pick(samples?.validation[t.name], lastValidation?.[t.name]?.n),
    pick(samples?.test[t.name], job?.metrics[t.name]?.n),
  ]);
  const out = ['## Samples per task', '', ...table(['task', 'train rows', 'validation rows', 'test rows'], rows), ''];
  out.push('Rows of each part of the split that belong to the task (δ = 1); a masked task (e.g. VCR on clicked impressions) trains on fewer rows than the others.');
  if (!samples) {
    const why = run.manifest.samples ? 'the manifest, written by an older ple, records the first sweep point\'s rows only' : 'this run\'s manifest does not record them';
    out.push('', `Training rows per task are not known here (${why}); the data file holds ${run.manifest.data.rows} rows over all days.`);
  }
  return out;
}
