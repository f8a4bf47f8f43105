import { writeJsonAtomic } from '../fs/atomic';
import { preprocessingJson, preprocessingShape, type Preprocessing } from '../data/preprocessing';
import { preprocessingFile } from './layout';
import { readJsonFile } from './read-json';

/** Writes one world's vocabularies and numeric statistics into the run (`preprocessing.json`). */
export async function writePreprocessing(runDir: string, world: number | undefined, preprocessing: Preprocessing): Promise<void> {
  await writeJsonAtomic(preprocessingFile(runDir, world), preprocessingJson(preprocessing));
}

/** A `preprocessing.json` (of a run's world, or of a saved model), checked. */
export async function readPreprocessing(file: string, hint?: string): Promise<Preprocessing> {
  const { categorical, numeric } = await readJsonFile(file, preprocessingShape, hint);
  return { categorical, numeric };
}
