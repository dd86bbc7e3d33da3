// Where the upstream reference data lives at test time: ../shared/reference beside the repo.
// Tests that need it skip with this message when the folder is absent; never copy these files
// into the project.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const REFERENCE_DIR = path.resolve(process.env.THRUM_REFERENCE_DIR ?? path.join(repoRoot, '../shared/reference'));

export const hasReference = existsSync(REFERENCE_DIR);

export const REFERENCE_SKIP_REASON = `upstream reference data not found at ${REFERENCE_DIR} (expected ../shared/reference beside the repo)`;

export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}

export { repoRoot };
