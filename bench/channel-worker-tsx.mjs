// Entry of the channel race's worker (bench/channel.ts). A worker thread does not inherit the
// parent's tsx loader, and on Node 20 `execArgv: ['--import', 'tsx']` does not reach a worker's
// entry (see src/workers/bus-worker-tsx.mjs), so register tsx here, then load the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./channel-worker.ts');
