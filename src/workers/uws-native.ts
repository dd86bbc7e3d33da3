// Loads uWebSockets.js's native binary directly, or fails with a reason.
//
// The package's own entry (src/uws.js) silently falls back to a slow pure-JS implementation when
// its binary does not load (wrong Node ABI, missing platform). We would rather not serve at all
// than serve at a fraction of the speed without noticing, so every thread that needs uWS (the
// main thread's client server, the simulated device bus) loads it through here.
// Node-API addons may be loaded once per thread, so worker threads can use it too.

import { createRequire } from 'node:module';
import type * as UwsTypes from 'uWebSockets.js';

export type Uws = typeof UwsTypes;

const require = createRequire(import.meta.url);

export function nativeUwsBinaryName(): string {
  return `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
}

/** The native uWS module, or `{ error }` saying why it cannot be loaded here. */
export function tryLoadNativeUws(): { uws: Uws } | { error: string } {
  const name = nativeUwsBinaryName();
  try {
    const uws = require(`uWebSockets.js/binaries/${name}`) as Uws;
    if (typeof uws.App !== 'function') return { error: `uWebSockets.js binary ${name} has no App()` };
    return { uws };
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      error: `uWebSockets.js has no native binary for this platform and Node ABI (${name}): ${detail}`,
    };
  }
}

/** The native uWS module; throws an Error with the reason if it cannot be loaded. */
export function loadNativeUws(): Uws {
  const r = tryLoadNativeUws();
  if ('error' in r) throw new Error(r.error);
  return r.uws;
}
