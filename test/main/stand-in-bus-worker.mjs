// A stand-in bus worker for test/main/bus-supervisor.test.ts: the lifecycle messages of a real one
// (ready or unavailable at start, shutdownDone, a crash on request) without any bus behind it.
// workerData.settings.mode: 'ready' (default), 'unavailable', or 'exit' (dies before ready).
import { parentPort, workerData } from 'node:worker_threads';

const mode = workerData.settings.mode ?? 'ready';
if (mode === 'exit') process.exit(3);
parentPort.postMessage(
  mode === 'unavailable'
    ? { t: 'unavailable', reason: 'no adapter here' }
    : { t: 'ready', listening: 'ws://stand-in' },
);

parentPort.on('message', (msg) => {
  for (const m of msg.t === 'batch' ? msg.messages : [msg]) {
    if (m.t === 'shutdown') parentPort.postMessage({ t: 'shutdownDone' });
    else if (m.t === 'crash')
      setImmediate(() => {
        throw new Error('crash requested');
      });
    // Answered so the test can see messages reach the worker through the channel.
    else if (m.t === 'stopScanning') parentPort.postMessage({ t: 'scanningFinished' });
  }
});
