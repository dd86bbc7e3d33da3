// The real client libraries, buttplug@3.2.2 (spec v3) and buttplug@5.0.2 (spec v4), in a Node
// process of their own, driven one step per stdin line; each step's outcome is one JSON line on
// stdout. Their connectors open a `ws` WebSocket with no options, so TLS trust can only come from
// the process's environment (NODE_EXTRA_CA_CERTS): a process of its own keeps the test's worker
// untouched. Used through test/helpers/library-clients-process.ts.
//
//   node library-clients-child.mjs <server url>
//   stdin:  connect v3 | vibrate v4 0.5 | battery v3 | stop v4 | disconnect v3 | …
//   stdout: {"step":"connect v3","ok":true,"value":"Lovense Hush"} | {"step":…,"ok":false,"error":"…"}

import { createInterface } from 'node:readline';
import * as bp3 from 'buttplug-v3';
import * as bp5 from 'buttplug';

const url = process.argv[2];
const libraries = {
  v3: { lib: bp3, client: null, device: null },
  v4: { lib: bp5, client: null, device: null },
};

/** The first device the client is told about, scanning if none is there yet. */
async function connect(which) {
  const side = libraries[which];
  side.client = new side.lib.ButtplugClient(`tls ${which} client`);
  const found = new Promise((resolve) => side.client.once('deviceadded', resolve));
  await side.client.connect(new side.lib.ButtplugNodeWebsocketClientConnector(url));
  await side.client.startScanning();
  side.device = await found;
  return side.device.name;
}

const steps = {
  connect,
  async vibrate(which, level) {
    const { device } = libraries[which];
    // v4: per-feature calls (device.hasOutput() needs iterator helpers Node 20 lacks).
    if (which === 'v3') await device.vibrate(Number(level));
    else await device.features.get(0).runOutput(bp5.DeviceOutput.Vibrate.percent(Number(level)));
  },
  async battery(which) {
    const { device } = libraries[which];
    if (which === 'v3') return device.battery();
    return (await device.features.get(1).runInput(bp5.InputType.Battery, bp5.InputCommandType.Read))?.value;
  },
  async stop(which) {
    await libraries[which].device.stop();
  },
  async disconnect(which) {
    await libraries[which].client.disconnect();
  },
};

const errorText = (err) =>
  err instanceof Error ? err.message : typeof err === 'object' ? JSON.stringify(err) : String(err);

// The connectors let a failed TLS handshake escape as an uncaught 'error' event of their
// WebSocket (sometimes after they have rejected connect() themselves): the current step's
// failure, or noted on stderr, never the end of this process.
let failStep = null;
process.on('uncaughtException', (err) => {
  if (failStep) failStep(err);
  else process.stderr.write(`uncaught between steps: ${errorText(err)}\n`);
});

function run(name, args) {
  return new Promise((resolve, reject) => {
    failStep = reject;
    steps[name](...args).then(resolve, reject);
  }).finally(() => {
    failStep = null;
  });
}

// One step at a time, in order: the test waits for each answer before the next line anyway.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const [name, ...args] = line.trim().split(/\s+/);
  queue = queue.then(async () => {
    try {
      const value = await run(name, args);
      process.stdout.write(`${JSON.stringify({ step: line, ok: true, value: value ?? null })}\n`);
    } catch (err) {
      process.stdout.write(`${JSON.stringify({ step: line, ok: false, error: errorText(err) })}\n`);
    }
  });
});
