// How the main thread starts a bus worker. Import this, never bus-worker.ts itself:
//   new Worker(busWorkerUrl(), { execArgv: busWorkerExecArgv(), workerData })
//
// The project runs two ways: compiled (`tsc` → dist/, `node dist/main/index.js`) and from sources
// under vitest/tsx. This module's own URL tells which: if it ends in .ts we run from sources and
// so must the worker. A worker thread does not inherit the parent's loader hooks, and on Node 20
// `execArgv: ['--import', 'tsx']` does not work for a worker's entry either (it fails with
// ERR_UNKNOWN_FILE_EXTENSION before the hooks apply), so from sources the worker starts on a tiny
// .mjs bootstrap that registers tsx in the worker thread and then imports bus-worker.ts. tsx is a
// dev dependency and only ever loaded then. Compiled, the worker is plain bus-worker.js.

const FROM_SOURCES = import.meta.url.endsWith('.ts');

/** URL of the worker entry beside this module. */
export function busWorkerUrl(): URL {
  return new URL(FROM_SOURCES ? './bus-worker-tsx.mjs' : './bus-worker.js', import.meta.url);
}

/** execArgv for the worker: nothing extra today, in either mode (see above for why not tsx). */
export function busWorkerExecArgv(): string[] {
  return [];
}
