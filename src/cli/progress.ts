import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { JobKey, RunReporter } from '../run/types';
import type { JobResult } from '../train/types';

function label(job: JobKey): string {
  return `${job.point ? `${job.point} ` : ''}${job.model}${job.dataSeed === undefined ? '' : ` world ${job.dataSeed}`} seed ${job.seed}`;
}

/** One line per finished job: what a log (or a person) needs to follow a run. */
export function jobLine(job: JobKey, result: JobResult, position?: string): string {
  const head = `${position ? `[${position}] ` : ''}${label(job)}`;
  if (result.status === 'failed') {
    const f = result.failure;
    return `${head}: FAILED at epoch ${f?.epoch ?? '?'} step ${f?.step ?? '?'}: ${f?.message ?? 'unknown'}`;
  }
  const metrics = Object.entries(result.metrics)
    .map(([task, m]) => (m.auc !== undefined ? `${task} AUC ${m.auc.toFixed(4)}` : `${task} MSE ${m.mse?.toFixed(5)}`))
    .join(', ');
  return `${head}: ${metrics} (${result.wall_s.toFixed(1)} s, ${Math.round(result.train_samples_per_s).toLocaleString('en')} samples/s, best epoch ${result.best_epoch})`;
}

/** Plain lines, for logs and pipes: no redrawing. */
export function plainReporter(write: (line: string) => void): RunReporter {
  const positions = new Map<string, string>();
  return {
    info: (message) => write(message),
    jobStart: (job, p) => positions.set(label(job), `${p.index}/${p.total}`),
    jobProgress: () => undefined,
    jobEnd: (job, result) => write(jobLine(job, result, positions.get(label(job)))),
  };
}

/**
 * One live bar per running job (model, seed, epoch, step, samples/s, loss,
 * ETA) and a line per finished job above them, on a terminal.
 */
export function barReporter(stream: NodeJS.WriteStream): RunReporter & { stop(): void } {
  const multi = new MultiBar(
    {
      stream,
      format: '{label} |{bar}| epoch {epoch} step {step}/{steps} | {rate} samples/s | loss {loss} | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      fps: 5,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  const positions = new Map<string, string>();
  return {
    info: (message) => multi.log(`${message}\n`),
    jobStart: (job, p) => {
      positions.set(label(job), `${p.index}/${p.total}`);
      bars.set(label(job), multi.create(1, 0, { label: label(job).padEnd(24), epoch: '-', step: 0, steps: 0, rate: '-', loss: '-' }));
    },
    jobProgress: (job, p) => {
      const bar = bars.get(label(job));
      if (!bar) return;
      const total = p.epochs * p.steps;
      bar.setTotal(total);
      bar.update(p.epoch * p.steps + p.step, {
        epoch: `${p.epoch + 1}/${p.epochs}`,
        step: p.step,
        steps: p.steps,
        rate: Math.round(p.samplesPerSecond).toLocaleString('en'),
        loss: p.loss.toFixed(4),
      });
    },
    jobEnd: (job, result) => {
      const bar = bars.get(label(job));
      if (bar) multi.remove(bar);
      bars.delete(label(job));
      multi.log(`${jobLine(job, result, positions.get(label(job)))}\n`);
    },
    stop: () => multi.stop(),
  };
}
