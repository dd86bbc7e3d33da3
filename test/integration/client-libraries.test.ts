// The real npm client libraries against thrum: buttplug@3.2.2 (spec v3) and buttplug@5.0.2
// (spec v4). Each connects, scans, finds a simulated Lovense Hush, vibrates it (the peripheral
// gets the exact bytes), reads its battery, stops it; closing the client stops the device. And
// buttplug@5 driving both motors of a Satisfyer, which it does with one frame per motor: the toy
// gets one packet carrying both.

import * as bp3 from 'buttplug-v3';
import * as bp5 from 'buttplug';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

let server: ServerProcess;
let seq = 0;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

async function hush(): Promise<SimPeripheral> {
  const p = await SimPeripheral.lovense(server.simPort, { battery: '64;', address: `sim-lib-${++seq}` });
  await p.next('ready');
  return p;
}

const outputText = async (p: SimPeripheral): Promise<string> => {
  const b = await p.next(
    'write',
    (w) => !['Battery;', 'DeviceType;'].includes(Buffer.from(w.data as number[]).toString()),
  );
  return Buffer.from(b.data as number[]).toString();
};

describe('buttplug@3.2.2 (spec v3)', () => {
  it('scans, vibrates, reads battery, stops; disconnecting stops the device', async () => {
    const client = new bp3.ButtplugClient('buttplug-js v3 test');
    await client.connect(new bp3.ButtplugNodeWebsocketClientConnector(server.url));
    const found = new Promise<bp3.ButtplugClientDevice>((resolve) => client.on('deviceadded', resolve));
    await client.startScanning();
    const p = await hush();
    const device = await found;
    expect(device.name).toBe('Lovense Hush');

    await device.vibrate(0.5);
    expect(await outputText(p)).toBe('Vibrate:10;');
    expect(await device.battery()).toBeCloseTo(0.64);
    await device.stop();
    expect(await outputText(p)).toBe('Vibrate:0;');

    await device.vibrate(0.25);
    expect(await outputText(p)).toBe('Vibrate:5;');
    await client.disconnect();
    expect(await outputText(p)).toBe('Vibrate:0;');
    p.ws.close();
  });
});

describe('buttplug@5.0.2 (spec v4)', () => {
  it('scans, vibrates, reads battery, stops; disconnecting stops the device', async () => {
    const client = new bp5.ButtplugClient('buttplug-js v5 test');
    await client.connect(new bp5.ButtplugNodeWebsocketClientConnector(server.url));
    const found = new Promise<bp5.ButtplugClientDevice>((resolve) => client.on('deviceadded', resolve));
    await client.startScanning();
    const p = await hush();
    const device = await found;
    expect(device.name).toBe('Lovense Hush');

    // Per-feature calls: device.hasOutput()/hasInput() need iterator helpers Node 20 lacks.
    const vibrator = device.features.get(0)!;
    const battery = device.features.get(1)!;
    await vibrator.runOutput(bp5.DeviceOutput.Vibrate.percent(0.5));
    expect(await outputText(p)).toBe('Vibrate:10;');
    await vibrator.runOutput(bp5.DeviceOutput.Vibrate.steps(20));
    expect(await outputText(p)).toBe('Vibrate:20;');
    const reading = await battery.runInput(bp5.InputType.Battery, bp5.InputCommandType.Read);
    expect(reading?.value).toBe(64);
    await device.stop();
    expect(await outputText(p)).toBe('Vibrate:0;');

    await vibrator.runOutput(bp5.DeviceOutput.Vibrate.steps(3));
    expect(await outputText(p)).toBe('Vibrate:3;');
    await client.disconnect();
    expect(await outputText(p)).toBe('Vibrate:0;');
    p.ws.close();
  });
});

describe('buttplug@5.0.2 on a two-motor device', () => {
  it('device.runOutput, and both motors set in one turn, each reach the idle toy as one packet', async () => {
    const client = new bp5.ButtplugClient('buttplug-js v5 burst test');
    await client.connect(new bp5.ButtplugNodeWebsocketClientConnector(server.url));
    const found = new Promise<bp5.ButtplugClientDevice>((resolve) => client.on('deviceadded', resolve));
    await client.startScanning();
    // A Satisfyer Double Desire (model 10160): both motors' speeds, four bytes each, in one tx packet.
    const p = await SimPeripheral.connect(`ws://127.0.0.1:${server.simPort}`);
    p.reads.set('rxblemodel', [0x00, 0x00, 0x27, 0xb0]);
    p.send({ hello: { version: 1, transport: 'btle', name: 'SF Double', address: `sim-lib-${++seq}` } });
    await p.next('ready');
    const device = await found;
    expect(device.name).toBe('Satisfyer Double Desire');
    const gap = device.messageTimingGap ?? 0;
    expect(gap).toBeGreaterThan(0);
    const tx = (): number[][] =>
      p.frames
        .filter((f) => f.kind === 'write' && f.body.endpoint === 'tx')
        .map((f) => f.body.data as number[]);
    await p.next('write', (w) => w.endpoint === 'tx'); // the all-zero packet of the initialisation

    // One OutputCmd frame per motor, sent in one turn by the library.
    let before = tx().length;
    await device.runOutput(bp5.DeviceOutput.Vibrate.percent(0.5));
    await p.next('write', (w) => w.endpoint === 'tx');
    await sleep(3 * gap); // long enough for a second packet one gap later, short of the 3 s keepalive
    expect(tx().slice(before)).toEqual([[50, 50, 50, 50, 50, 50, 50, 50]]);

    // Different values per motor, from per-feature calls made together.
    before = tx().length;
    const [inner, outer] = [device.features.get(0)!, device.features.get(1)!];
    await Promise.all([
      inner.runOutput(bp5.DeviceOutput.Vibrate.percent(0.75)),
      outer.runOutput(bp5.DeviceOutput.Vibrate.percent(0.25)),
    ]);
    await p.next('write', (w) => w.endpoint === 'tx');
    await sleep(3 * gap);
    expect(tx().slice(before)).toEqual([[75, 75, 75, 75, 25, 25, 25, 25]]);

    await client.disconnect();
    p.ws.close();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
