// Source-mode entry of a decode worker (decode-pool.ts picks it when running from .ts sources, as
// under vitest), for the same reason as src/workers/bus-worker-tsx.mjs: a worker thread does not
// inherit tsx's loader hooks, so register them in this thread, then load the TypeScript worker.
// piscina takes this module's default export as the task handler. Never used by the compiled build.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./decode-worker.ts');
export default worker.default;
