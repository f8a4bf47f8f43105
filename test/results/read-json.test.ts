import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { CorruptResultError, readJsonFile, readJsonIfPresent, readJsonLines } from '../../src/results/read-json';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ple-read-'));
const shape = z.object({ epoch: z.number().int(), loss: z.number().nullable() }).passthrough();
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('reading result files', () => {
  it('reads what ple writes, and undefined for a missing optional file', async () => {
    expect(await readJsonFile(file('ok.json', '{"epoch": 1, "loss": null}'), shape)).toEqual({ epoch: 1, loss: null });
    expect(await readJsonIfPresent(path.join(dir, 'absent.json'), shape)).toBeUndefined();
    expect(await readJsonLines(file('ok.jsonl', '{"epoch": 0, "loss": 1}\n{"epoch": 1, "loss": 0.5}\n'), shape)).toHaveLength(2);
    expect(await readJsonLines(file('empty.jsonl', ''), shape)).toEqual([]);
  });

  it.each([
    ['missing', () => readJsonFile(path.join(dir, 'absent.json'), shape, 'do this'), /absent\.json: missing; do this$/],
    ['empty', () => readJsonFile(file('empty.json', ''), shape), /empty\.json: empty$/],
    ['cut short', () => readJsonFile(file('half.json', '{"epoch": 1, "lo'), shape), /half\.json: not valid JSON \(.*\): cut short or damaged$/],
    ['another shape', () => readJsonFile(file('shape.json', '{}'), shape), /shape\.json: not in the shape ple writes \(epoch: required \(expected a number\); loss: required/],
    ['a folder', () => readJsonFile(dir, shape), /: cannot read \(EISDIR: illegal operation on a directory\)$/],
    ['a JSON-lines file cut mid-line', () => readJsonLines(file('cut.jsonl', '{"epoch": 0, "loss": 1}\n{"epoch": 1, "lo'), shape), /cut\.jsonl: line 2: cut short \(no line end\)$/],
    ['a damaged line', () => readJsonLines(file('bad.jsonl', '{"epoch": 0, "loss": 1}\n{"epoch": "x", "loss": 1}\n'), shape), /bad\.jsonl: line 2: not in the shape ple writes \(epoch: expected a number, got "x"\)$/],
    ['a missing JSON-lines file', () => readJsonLines(path.join(dir, 'absent.jsonl'), shape), /absent\.jsonl: missing$/],
  ])('names the file and what is wrong when it is %s', async (_name, read, pattern) => {
    const err = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptResultError);
    expect((err as Error).message).toMatch(pattern);
  });
});
