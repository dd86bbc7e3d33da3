// The compiled server with every hardware bus of issue 14 this branch adds (--use-hid, --use-usb,
// --use-lovense-connect) on a machine with none of the hardware: each bus either says once why it
// cannot run here ("bus X unavailable: reason") or runs and finds nothing without a warning, and
// the simulated bus beside them keeps serving: a client scans, drives a simulated Lovense Hush and
// gets ScanningFinished (every bus stopped scanning). Lovense Connect is pointed at a local port
// nothing listens on, so the test needs no internet.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { freePort, startServer, type ServerProcess } from '../helpers/server-process.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

const BUSES = ['hid', 'usb', 'lovense-connect'] as const;
/** A line each bus logs (at info or debug) once it runs and has looked for devices. */
const RUNNING: Record<(typeof BUSES)[number], RegExp> = {
  hid: /hid bus: hid: the system lists \d+ devices/,
  usb: /usb bus: usb: the system lists \d+ devices/,
  'lovense-connect':
    /lovense-connect bus: lovense-connect: the app at http:\/\/127\.0\.0\.1:\d+ does not answer/,
};

let server: ServerProcess;

beforeAll(async () => {
  const nobody = await freePort();
  server = await startServer(
    [
      '--use-hid',
      '--use-usb',
      '--use-lovense-connect',
      '--lovense-connect-address',
      `http://127.0.0.1:${nobody}`,
    ],
    { simulated: true },
  );
});
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

const body = (m: Msg) => Object.values(m)[0] as Record<string, unknown>;

it('scans, drives a simulated toy and finishes scanning beside the hardware buses', async () => {
  const c = await RawClient.handshake(server.url, 3);
  try {
    expect(await c.request('StartScanning')).toHaveProperty('Ok');
    const added = c.nextOfType('DeviceAdded');
    const p = await SimPeripheral.lovense(server.simPort, { address: 'sim-hw-buses-1' });
    try {
      expect((await p.nextWrite()).text).toBe('DeviceType;');
      const index = body(await added).DeviceIndex as number;
      expect(
        await c.request('ScalarCmd', {
          DeviceIndex: index,
          Scalars: [{ Index: 0, Scalar: 0.5, ActuatorType: 'Vibrate' }],
        }),
      ).toHaveProperty('Ok');
      expect((await p.nextWrite()).text).toBe('Vibrate:10;');
      // Let every running bus finish a pass (HID and USB list at once, Lovense Connect asks its app).
      await new Promise((r) => setTimeout(r, 1500));
      const finished = c.nextOfType('ScanningFinished');
      expect(await c.request('StopScanning')).toHaveProperty('Ok');
      await finished;
    } finally {
      p.close();
      await p.closed;
    }
  } finally {
    await c.close();
  }
});

it.each(BUSES)('bus %s: one "unavailable: reason" line, or it runs and stays quiet', (bus) => {
  const lines = server.stderr().split('\n');
  const unavailable = lines.filter((l) => l.includes(`bus ${bus} unavailable`));
  const running = lines.filter((l) => RUNNING[bus].test(l));
  if (unavailable.length > 0) {
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]).toMatch(
      new RegExp(
        `WARN  bus ${bus} unavailable: ${bus === 'lovense-connect' ? 'lovense-connect' : bus} bus: \\S`,
      ),
    );
    expect(running).toEqual([]);
  } else {
    expect(running.length).toBeGreaterThan(0);
    // A failing app address is said once, not on every poll.
    if (bus === 'lovense-connect') expect(running).toHaveLength(1);
  }
  expect(
    lines.filter(
      (l) => /(WARN|ERROR)/.test(l) && l.includes(`${bus} bus:`) && !l.includes(`bus ${bus} unavailable`),
    ),
  ).toEqual([]);
  expect(server.stderr()).not.toMatch(/\n\s+at /);
});
