// Where the upstream reference data lives at test time: ../shared/reference beside the repo.
// Tests that need it skip with this message when the folder is absent; never copy these files
// into the project.
import { chmodSync, copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const REFERENCE_DIR = path.resolve(
  process.env.THRUM_REFERENCE_DIR ?? path.join(repoRoot, '../shared/reference'),
);

export const hasReference = existsSync(REFERENCE_DIR);

export const REFERENCE_SKIP_REASON = `upstream reference data not found at ${REFERENCE_DIR} (expected ../shared/reference beside the repo)`;

export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

const copies = new Map<string, string>();

/**
 * A writable copy of a reference file in a temporary directory, for flags thrum writes to
 * (--user-device-config-file records newly seen devices): the reference itself stays untouched.
 * One copy per file per test file, so the same flags name the same path each time.
 */
export function scratchCopy(file: string): string {
  let copy = copies.get(file);
  if (copy === undefined) {
    copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'thrum-reference-')), path.basename(file));
    copyFileSync(file, copy);
    chmodSync(copy, 0o644);
    copies.set(file, copy);
  }
  return copy;
}

export { repoRoot };
