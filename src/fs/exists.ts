import { stat } from 'node:fs/promises';

/** Whether anything (a file, a folder) is at `file`; an unreadable path counts as absent. */
export async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
