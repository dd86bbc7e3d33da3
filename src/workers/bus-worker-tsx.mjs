// Source-mode entry of a bus worker (entry.ts picks it when running from .ts sources, as under
// vitest). On Node 20, `execArgv: ['--import', 'tsx']` does not reach a worker's own entry: the
// worker fails with ERR_UNKNOWN_FILE_EXTENSION before the hooks apply. So register tsx's loader
// in this thread first, then load the TypeScript entry. Never used by the compiled build.
import { register } from 'tsx/esm/api';

register();
await import('./bus-worker.ts');
