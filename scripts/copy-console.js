// The operator console's page is static files (HTML, one JS module, CSS) kept beside the listener's
// source; tsc compiles only TypeScript, so the build copies them next to the compiled listener.

import { cpSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
cpSync(path.join(root, 'src/operator/console'), path.join(root, 'dist/operator/console'), {
  recursive: true,
});
