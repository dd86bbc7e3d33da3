// --pid-file F: the server's own process id, for `kill -USR2 $(cat F)` (under `npm start` the
// server is npm's child, so $! of the shell is the wrong process). Removed at exit, unless another
// process has written its own id there since.

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** Write the pid; throws an Error saying why it cannot. */
export function writePidFile(path: string): void {
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (err) {
    throw new Error(
      `--pid-file ${path}: cannot write: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  process.on('exit', () => removePidFile(path));
}

function removePidFile(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
  } catch {
    // Already gone, or unreadable: nothing of ours to remove.
  }
}
