// Integration tests run the product as users do: the compiled server (dist/), started as a child
// process. Build it once before any test file runs. (Under tsx's loader, signal handling is not
// the product's own, so the CLI and signal tests need the real build anyway.)

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  // The console page's static files, as `npm run build` copies them.
  execFileSync(process.execPath, [path.join(root, 'scripts/copy-console.js')], {
    cwd: root,
    stdio: 'inherit',
  });
}
