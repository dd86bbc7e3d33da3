// Entry of the writer thread of output-table-threads.test.ts. A worker thread does not inherit
// vitest's TypeScript loader (see src/workers/bus-worker-tsx.mjs), so register tsx first.
import { register } from 'tsx/esm/api';

register();
await import('./output-table-writer.ts');
