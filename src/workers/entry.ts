// How the main thread starts a bus worker. Import this, never bus-worker.ts itself.
//
// The project runs two ways: compiled (`tsc` → dist/, `node dist/main/index.js`) and from sources
// under vitest/tsx. A worker thread does not inherit the parent's loader hooks, so a worker
// started on a .ts file needs tsx registered in its own execArgv; a compiled worker needs
// nothing. This module's own URL tells which of the two we are: if it ends in .ts we run from
// sources and so does the worker. tsx is a dev dependency and is only ever asked for then.

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** URL of the worker entry beside this module (bus-worker.ts or bus-worker.js). */
export function busWorkerUrl(): URL {
  return new URL(FROM_SOURCES ? './bus-worker.ts' : './bus-worker.js', import.meta.url);
}

/** execArgv for `new Worker(busWorkerUrl(), { execArgv, workerData })`. */
export function busWorkerExecArgv(): string[] {
  return FROM_SOURCES ? ['--import', 'tsx'] : [];
}
