import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

/**
 * A user's own data as a new user brings it: a CSV with text categories
 * (`city`, `user`), an integer category without a vocab (`device`), a raw
 * numeric column of large values (`income`), a split column (`part`) and two
 * binary labels that depend on them; and a config for it in `configs/`, the
 * CSV in `data/`. Deterministic (no randomness but a fixed LCG).
 */
export function ownCsvProject(overrides: Record<string, unknown> = {}, rows = 600): { cwd: string; file: string; csv: string } {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'ple-own-'));
  mkdirSync(path.join(cwd, 'configs'));
  mkdirSync(path.join(cwd, 'data'));
  let state = 12345;
  const next = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const cities = ['Paris', 'Lyon', 'Nice', 'Lille', 'Brest'];
  const lines = ['user,city,device,income,part,bought,returned'];
  for (let i = 0; i < rows; i++) {
    const city = cities[Math.floor(next() * cities.length)];
    const income = Math.round(20000 + next() * 80000);
    const device = Math.floor(next() * 3) * 10;
    const score = (city === 'Paris' ? 1 : 0) + (income > 60000 ? 1 : 0) - (device === 20 ? 0.5 : 0) + next() - 0.5;
    const part = i % 10 < 7 ? 'train' : i % 10 < 8 ? 'validation' : 'test';
    lines.push([`u${i % 40}`, city, device, income, part, score > 0.8 ? 1 : 0, score < 0.2 ? 1 : 0].join(','));
  }
  const csv = path.join('data', 'shop.csv');
  writeFileSync(path.join(cwd, csv), lines.join('\n'));
  const config = {
    name: 'shop',
    data: { source: 'file', path: '../data/shop.csv' },
    split: { column: 'part' },
    tasks: [
      { name: 'bought', type: 'binary', label: 'bought' },
      { name: 'returned', type: 'binary', label: 'returned' },
    ],
    features: {
      categorical: [
        { name: 'city', dim: 3 },
        { name: 'user', dim: 3 },
        { name: 'device', dim: 2 },
      ],
      numeric: [{ name: 'income', transform: 'standardize' }],
    },
    training: { epochs: 2, batch_size: 64, learning_rate: 0.01, seeds: [1, 2], early_stopping: { patience: 1 } },
    model_defaults: { tower: [8] },
    models: [
      { name: 'single_task', arch: 'single_task', bottom: [8] },
      { name: 'hard_sharing', arch: 'hard_sharing', bottom: [8] },
      { name: 'mmoe', arch: 'mmoe', experts: 2, expert_units: [8] },
    ],
    ...overrides,
  };
  const file = path.join('configs', 'shop.yaml');
  writeFileSync(path.join(cwd, file), stringify(config));
  return { cwd, file, csv };
}
