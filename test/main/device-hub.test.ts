// The hub's arbitration and subscription bookkeeping, against a recording bus port: who set
// what, which stops go out, and how subscriptions are shared between clients.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  outputId,
  type BusName,
  type DeviceDescriptor,
  type Failure,
  type OutputCommand,
  type ToBus,
} from '../../src/core/index.js';
import type { ReadingReply } from '../../src/codec/index.js';
import { BURST_SETTLE_MS } from '../../src/main/burst-gate.js';
import type { NewDeviceEntry } from '../../src/config/index.js';
import {
  DeviceHub,
  scaleToCap,
  type BusPort,
  type HubClient,
  type HubDevice,
} from '../../src/main/device-hub.js';
import { UserConfigMemory } from '../../src/main/device-memory.js';
import { checkedInput, checkedOutputs } from '../helpers/checked-commands.js';

class RecordingBus implements BusPort {
  readonly sent: ToBus[] = [];
  up: BusName[] = ['simulated'];
  down: BusName[] = [];
  post(_bus: BusName, msg: ToBus): void {
    this.sent.push(msg);
  }
  // Recorded as the messages they stand for, so expectations read the same on every path.
  output(_bus: BusName, device: number, command: OutputCommand): void {
    this.sent.push({ t: 'output', device, command });
  }
  stop(_bus: BusName, device: number, commands: readonly OutputCommand[]): void {
    this.sent.push({ t: 'stop', device, commands });
  }
  running(): BusName[] {
    return this.up;
  }
  restarting(): BusName[] {
    return this.down;
  }
  commits = 0;
  commit(): void {
    this.commits++;
  }
  expedited = 0;
  expedite(): void {
    this.expedited++;
  }
  take(): ToBus[] {
    return this.sent.splice(0);
  }
}

class FakeClient implements HubClient {
  readonly events: string[] = [];
  ready = true;
  constructor(readonly clientId: number) {}
  deviceAdded(d: HubDevice): void {
    this.events.push(`added ${d.index}`);
  }
  deviceRemoved(d: HubDevice): void {
    this.events.push(`removed ${d.index}`);
  }
  scanningFinished(): void {
    this.events.push('scanningFinished');
  }
  inputReading(msgId: number, _r: ReadingReply, values: readonly number[]): void {
    this.events.push(`reading ${msgId} ${values.join(',')}`);
  }
  inputFailed(msgId: number, f: Failure): void {
    this.events.push(`failed ${msgId} ${f.reason}`);
  }
  inputAccepted(msgId: number): void {
    this.events.push(`accepted ${msgId}`);
  }
}

const STROKER_VIBE: DeviceDescriptor = {
  name: 'Test',
  messageTimingGap: 0,
  features: [
    { index: 0, description: 'vibe', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'stroke', output: { Position: { value: [0, 100] } } },
    {
      index: 2,
      description: 'sensor',
      input: { Pressure: { value: [[0, 100]], command: ['Subscribe', 'Unsubscribe'] } },
    },
  ],
};
const REPLY: ReadingReply = {
  message: 'InputReading',
  deviceIndex: 0,
  index: 2,
  type: 'Pressure',
  range: [0, 100],
};

function setup() {
  const bus = new RecordingBus();
  const hub = new DeviceHub(bus);
  const a = new FakeClient(1);
  const b = new FakeClient(2);
  hub.attach(a);
  hub.attach(b);
  hub.onBusMessage('simulated', {
    t: 'deviceAdded',
    device: 7,
    address: 'x',
    protocol: 'test',
    descriptor: STROKER_VIBE,
  });
  bus.take(); // deviceIndexed
  return { bus, hub, a, b, device: hub.get(0)! };
}

describe('DeviceHub timing', () => {
  it("expedites a device's first output after its idle gap, not the ones inside the gap", () => {
    const bus = new RecordingBus();
    const hub = new DeviceHub(bus);
    hub.onBusMessage('simulated', {
      t: 'deviceAdded',
      device: 7,
      address: 'x',
      protocol: 'test',
      descriptor: { ...STROKER_VIBE, messageTimingGap: 60_000 },
    });
    const device = hub.get(0)!;
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 10 }]));
    expect(bus.expedited).toBe(1);
    hub.applyOutputs(
      2,
      device,
      checkedOutputs(device, [
        { feature: 0, type: 'Vibrate', value: 4 },
        { feature: 1, type: 'Position', value: 9 },
      ]),
    );
    expect(bus.expedited).toBe(1); // inside the minute-long gap
    device.lastOutputAt -= 60_000; // the gap has passed
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 3 }]));
    expect(bus.expedited).toBe(2);
  });
});

/** Two vibrators and a battery, a 75 ms gap: a v4 client sets it with one frame per motor. */
const DUAL_VIBE: DeviceDescriptor = {
  name: 'Dual',
  messageTimingGap: 75,
  features: [
    { index: 0, description: 'inner', output: { Vibrate: { value: [0, 20] } } },
    { index: 1, description: 'outer', output: { Vibrate: { value: [0, 20] } } },
    { index: 2, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
  ],
};

describe('DeviceHub bursts (one frame per motor)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function dual() {
    const bus = new RecordingBus();
    const hub = new DeviceHub(bus);
    hub.onBusMessage('simulated', {
      t: 'deviceAdded',
      device: 3,
      address: 'd',
      protocol: 'test',
      descriptor: DUAL_VIBE,
    });
    bus.take();
    return { bus, hub, device: hub.get(0)! };
  }
  const vib = (feature: number, value: number) => ({ feature, type: 'Vibrate' as const, value });
  const out = (feature: number, value: number): ToBus => ({
    t: 'output',
    device: 3,
    command: vib(feature, value),
  });

  it('forwards the motors of a burst together, once the frame that completes it arrives', () => {
    const { bus, hub, device } = dual();
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(0, 10)]));
    hub.frameDone();
    expect(bus.take()).toEqual([]); // held: the other motor's frame is on its way
    expect(device.outputs.get(outputId(0, 'Vibrate'))?.command.value).toBe(10); // but already the latest value
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(1, 5)]));
    expect(bus.take()).toEqual([out(0, 10), out(1, 5)]);
    expect(bus.expedited).toBe(1); // the burst started after the idle gap: not held behind another stream
  });

  it('a frame setting every motor goes on at once', () => {
    const { bus, hub, device } = dual();
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(0, 10), vib(1, 5)]));
    expect(bus.take()).toEqual([out(0, 10), out(1, 5)]);
  });

  it('one motor alone goes on when the settle window ends, committed by the hub itself', () => {
    const { bus, hub, device } = dual();
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(1, 4)]));
    hub.frameDone();
    const commits = bus.commits;
    vi.advanceTimersByTime(BURST_SETTLE_MS);
    vi.runOnlyPendingTimers();
    expect(bus.take()).toEqual([out(1, 4)]);
    expect(bus.commits).toBe(commits + 1);
  });

  it('a stop or a read for the device follows the motors held before it', () => {
    const { bus, hub, device } = dual();
    const client = new FakeClient(1);
    hub.attach(client);
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(0, 10)]));
    hub.stopDevice(device);
    expect(bus.take()).toEqual([out(0, 10), { t: 'stop', device: 3, commands: [vib(0, 0), vib(1, 0)] }]);
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(1, 7)]));
    hub.input(client, 5, device, checkedInput(device, { feature: 2, type: 'Battery', command: 'Read' }), {
      ...REPLY,
      index: 2,
      type: 'Battery',
    });
    const sent = bus.take();
    expect(sent[0]).toEqual(out(1, 7));
    expect(sent[1]).toMatchObject({ t: 'input', device: 3 });
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(0, 3)]));
    hub.stopOwnedBy(1);
    expect(bus.take()).toEqual([out(0, 3), { t: 'stop', device: 3, commands: [vib(0, 0), vib(1, 0)] }]);
    vi.runOnlyPendingTimers();
    expect(bus.take()).toEqual([]); // nothing left held
  });

  it('a device removed with motors held sends nothing more', () => {
    const { bus, hub, device } = dual();
    hub.applyOutputs(1, device, checkedOutputs(device, [vib(0, 10)]));
    hub.onBusMessage('simulated', { t: 'deviceRemoved', device: 3 });
    vi.runOnlyPendingTimers();
    expect(bus.take()).toEqual([]);
  });
});

describe('DeviceHub arbitration', () => {
  it('tells every ready client about a new device and gives the bus its index', () => {
    const bus = new RecordingBus();
    const hub = new DeviceHub(bus);
    const a = new FakeClient(1);
    const notReady = new FakeClient(2);
    notReady.ready = false;
    hub.attach(a);
    hub.attach(notReady);
    hub.onBusMessage('simulated', {
      t: 'deviceAdded',
      device: 7,
      address: 'x',
      protocol: 'test',
      descriptor: STROKER_VIBE,
    });
    expect(bus.sent).toEqual([{ t: 'deviceIndexed', device: 7, index: 0 }]);
    expect(a.events).toEqual(['added 0']);
    expect(notReady.events).toEqual([]);
  });

  it("a client's own stop zeroes only what it set last; position outputs are left where they are", () => {
    const { bus, hub, device } = setup();
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 10 }]));
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 1, type: 'Position', value: 50 }]));
    bus.take();
    hub.stopOwnedBy(1);
    expect(bus.take()).toEqual([
      { t: 'stop', device: 7, commands: [{ feature: 0, type: 'Vibrate', value: 0 }] },
    ]);
    // Nothing is owned any more: a second stop sends nothing.
    hub.stopOwnedBy(1);
    expect(bus.take()).toEqual([]);
  });

  it('the latest command wins ownership; the earlier sender can no longer stop it', () => {
    const { bus, hub, device } = setup();
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 10 }]));
    hub.applyOutputs(2, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 4 }]));
    bus.take();
    hub.stopOwnedBy(1);
    expect(bus.take()).toEqual([]);
    hub.stopOwnedBy(2);
    expect(bus.take()).toEqual([
      { t: 'stop', device: 7, commands: [{ feature: 0, type: 'Vibrate', value: 0 }] },
    ]);
  });

  it('a device stop is for everyone and clears ownership', () => {
    const { bus, hub, device } = setup();
    hub.applyOutputs(2, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 10 }]));
    bus.take();
    hub.stopDevice(device);
    expect(bus.take()).toEqual([
      { t: 'stop', device: 7, commands: [{ feature: 0, type: 'Vibrate', value: 0 }] },
    ]);
    hub.stopOwnedBy(2);
    expect(bus.take()).toEqual([]);
  });

  it('hands a frame’s outputs to the buses together when the frame is done', () => {
    const { bus, hub, device } = setup();
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 10 }]));
    hub.stopDevice(device);
    expect(bus.commits).toBe(0);
    hub.frameDone();
    expect(bus.commits).toBe(1);
  });
});

describe('DeviceHub subscriptions', () => {
  it('the device streams once for many subscribers and stops when the last one leaves', () => {
    const { bus, hub, a, b, device } = setup();
    hub.input(
      a,
      10,
      device,
      checkedInput(device, { feature: 2, type: 'Pressure', command: 'Subscribe' }),
      REPLY,
    );
    const [sub] = bus.take() as Array<Extract<ToBus, { t: 'input' }>>;
    expect(sub?.command.command).toBe('Subscribe');
    hub.onBusMessage('simulated', { t: 'inputResult', req: sub!.req, values: [] });
    hub.input(
      b,
      11,
      device,
      checkedInput(device, { feature: 2, type: 'Pressure', command: 'Subscribe' }),
      REPLY,
    );
    expect(bus.take()).toEqual([]); // already streaming
    expect(a.events).toEqual(['added 0', 'accepted 10']);
    expect(b.events).toEqual(['added 0', 'accepted 11']);

    hub.onBusMessage('simulated', {
      t: 'inputReading',
      device: 7,
      feature: 2,
      type: 'Pressure',
      values: [42],
    });
    expect(a.events.at(-1)).toBe('reading 0 42');
    expect(b.events.at(-1)).toBe('reading 0 42');

    hub.detach(a);
    expect(bus.take()).toEqual([]); // b still listens
    hub.input(
      b,
      12,
      device,
      checkedInput(device, { feature: 2, type: 'Pressure', command: 'Unsubscribe' }),
      REPLY,
    );
    const [unsub] = bus.take() as Array<Extract<ToBus, { t: 'input' }>>;
    expect(unsub?.command.command).toBe('Unsubscribe');
  });

  it('an input in flight fails with DEVICE_GONE when its device is removed', () => {
    const { bus, hub, a, device } = setup();
    hub.input(
      a,
      20,
      device,
      checkedInput(device, { feature: 2, type: 'Pressure', command: 'Subscribe' }),
      REPLY,
    );
    bus.take();
    hub.onBusMessage('simulated', { t: 'deviceRemoved', device: 7 });
    expect(a.events.slice(-2)).toEqual(['failed 20 THRUM_ERR_DEVICE_GONE', 'removed 0']);
  });

  it('a bus going down removes its devices', () => {
    const { hub, a } = setup();
    hub.onBusDown('simulated');
    expect(hub.size).toBe(0);
    expect(a.events.at(-1)).toBe('removed 0');
  });
});

describe('DeviceHub scanning across bus restarts', () => {
  it('a bus restarting when a scan is asked for scans once it is up again', () => {
    const bus = new RecordingBus();
    const hub = new DeviceHub(bus);
    const a = new FakeClient(1);
    hub.attach(a);
    bus.up = [];
    bus.down = ['serial'];
    hub.startScanning();
    expect(bus.take()).toEqual([]);
    bus.up = ['serial'];
    bus.down = [];
    hub.onBusUp('serial');
    expect(bus.take()).toEqual([{ t: 'startScanning' }]);
    hub.onBusMessage('serial', { t: 'scanningFinished' });
    expect(a.events).toEqual(['scanningFinished']);
    hub.onBusUp('serial'); // a later restart does not scan again by itself
    expect(bus.take()).toEqual([]);
  });

  it('a scan in progress on a bus that dies resumes when it is back; StopScanning cancels that', () => {
    const bus = new RecordingBus();
    const hub = new DeviceHub(bus);
    const a = new FakeClient(1);
    hub.attach(a);
    hub.startScanning();
    expect(bus.take()).toEqual([{ t: 'startScanning' }]);
    hub.onBusDown('simulated');
    expect(a.events).toEqual([]); // still scanning, as far as clients know
    hub.onBusUp('simulated');
    expect(bus.take()).toEqual([{ t: 'startScanning' }]);

    hub.onBusDown('simulated');
    bus.up = [];
    hub.stopScanning();
    expect(a.events).toEqual(['scanningFinished']);
    hub.onBusUp('simulated');
    expect(bus.take()).toEqual([]);
  });
});

describe('DeviceHub with a user device config (UserConfigMemory)', () => {
  const HUSH = { configName: 'Lovense Hush', configId: 'hush-id', featureIds: ['f0', 'f1'] };
  function setupMemory() {
    const recorded: NewDeviceEntry[] = [];
    // The file reserves index 0 for 'kept' and index 1 for a denied address.
    const memory = new UserConfigMemory(
      {
        devices: [
          { address: 'kept', protocol: 'lovense', identifier: 'Z', index: 0 },
          { address: 'denied', protocol: 'lovense', deny: true, index: 1 },
        ],
      },
      { add: (e) => recorded.push(e) },
    );
    const hub = new DeviceHub(new RecordingBus(), memory);
    let busDevice = 0;
    const add = (address: string, identity: object | undefined, reservedIndex?: number): number => {
      const device = ++busDevice;
      hub.onBusMessage('simulated', {
        t: 'deviceAdded',
        device,
        address,
        protocol: 'lovense',
        descriptor: STROKER_VIBE,
        ...(reservedIndex !== undefined && { reservedIndex }),
        ...(identity && { identity: { ...HUSH, ...identity } }),
      });
      return hub.list().find((d) => d.busDevice === device)!.index;
    };
    return {
      hub,
      recorded,
      add,
      remove: (index: number) =>
        hub.onBusMessage('simulated', { t: 'deviceRemoved', device: hub.get(index)!.busDevice }),
    };
  }

  it('a newcomer never takes an index the file promises to another device, even when it comes first', () => {
    const { add } = setupMemory();
    expect(add('new-1', { identifier: 'P' })).toBe(2);
    expect(add('new-2', { identifier: 'P' })).toBe(3);
    expect(add('kept', { identifier: 'Z' }, 0)).toBe(0);
  });

  it('records a device the file does not know, once, with the index it got', () => {
    const { add, remove, recorded } = setupMemory();
    const index = add('new-1', { identifier: 'P' });
    add('kept', { identifier: 'Z' }, 0);
    remove(index);
    expect(add('new-1', { identifier: 'P' })).toBe(index);
    expect(recorded).toEqual([
      {
        address: 'new-1',
        protocol: 'lovense',
        identifier: 'P',
        name: 'Lovense Hush',
        baseId: 'hush-id',
        featureIds: ['f0', 'f1'],
        index,
      },
    ]);
  });

  it('the same address identified as another device is another entry; a device without ids, or a bus that gives no identity, is not recorded', () => {
    const { add, recorded } = setupMemory();
    add('kept', { identifier: 'P' });
    add('plain', { identifier: 'X', configId: undefined });
    add('quiet', undefined);
    expect(recorded.map((e) => [e.address, e.identifier])).toEqual([['kept', 'P']]);
  });
});

/** A vibrator that also rotates on feature 0, a second vibrator, a stroker; a battery. */
const ROTATE_VIBE: DeviceDescriptor = {
  name: 'Twin',
  messageTimingGap: 0,
  features: [
    { index: 0, description: 'a', output: { Vibrate: { value: [0, 20] }, Rotate: { value: [-20, 20] } } },
    { index: 1, description: 'b', output: { Vibrate: { value: [0, 20] } } },
    { index: 2, description: 'stroke', output: { Position: { value: [0, 100] } } },
    { index: 3, description: 'battery', input: { Battery: { value: [[0, 100]], command: ['Read'] } } },
  ],
};

function twin() {
  const bus = new RecordingBus();
  const hub = new DeviceHub(bus);
  hub.onBusMessage('simulated', {
    t: 'deviceAdded',
    device: 9,
    address: 'twin',
    protocol: 'test',
    descriptor: ROTATE_VIBE,
  });
  bus.take();
  return { bus, hub, device: hub.get(0)! };
}

describe('DeviceHub emergency stop', () => {
  it('zeroes every stoppable output at once, refuses outputs while latched, and lets them through after release', () => {
    const { bus, hub, device } = twin();
    expect(
      hub.applyOutputs(
        1,
        device,
        checkedOutputs(device, [
          { feature: 0, type: 'Rotate', value: -5 },
          { feature: 2, type: 'Position', value: 40 },
        ]),
      ),
    ).toBe(true);
    bus.take();
    const commits = bus.commits;
    expect(hub.engageEmergencyStop()).toBe(true);
    // Feature 0: its first stoppable type (Vibrate, as a device stop sends) and the Rotate that
    // holds a value; feature 1's Vibrate; the stroker holds still.
    expect(bus.take()).toEqual([
      {
        t: 'stop',
        device: 9,
        commands: [
          { feature: 0, type: 'Vibrate', value: 0 },
          { feature: 0, type: 'Rotate', value: 0 },
          { feature: 1, type: 'Vibrate', value: 0 },
        ],
      },
    ]);
    expect(bus.commits).toBe(commits + 1); // handed over now, not at the end of a frame
    expect(hub.emergencyStopped).toBe(true);

    expect(
      hub.applyOutputs(2, device, checkedOutputs(device, [{ feature: 1, type: 'Vibrate', value: 7 }])),
    ).toBe(false);
    expect(bus.take()).toEqual([]);
    // Stops still go through.
    hub.stopDevice(device);
    expect(bus.take()).toHaveLength(1);
    expect(hub.engageEmergencyStop()).toBe(false); // already latched: stops again, still latched
    expect(bus.take()).toHaveLength(1);

    expect(hub.releaseEmergencyStop()).toBe(true);
    expect(hub.releaseEmergencyStop()).toBe(false);
    expect(bus.take()).toEqual([]); // release sends nothing: devices stay stopped
    // Both vibrators in one burst, so the burst gate does not hold it for the other's frame.
    expect(
      hub.applyOutputs(
        2,
        device,
        checkedOutputs(device, [
          { feature: 0, type: 'Vibrate', value: 3 },
          { feature: 1, type: 'Vibrate', value: 7 },
        ]),
      ),
    ).toBe(true);
    expect(bus.take()).toEqual([
      { t: 'output', device: 9, command: { feature: 0, type: 'Vibrate', value: 3 } },
      { t: 'output', device: 9, command: { feature: 1, type: 'Vibrate', value: 7 } },
    ]);
  });

  it('holds for a device that comes back after its bus restarted', () => {
    const { bus, hub } = twin();
    hub.engageEmergencyStop();
    hub.onBusDown('simulated');
    hub.onBusMessage('simulated', {
      t: 'deviceAdded',
      device: 1,
      address: 'twin',
      protocol: 'test',
      descriptor: ROTATE_VIBE,
    });
    bus.take();
    expect(
      hub.applyOutputs(
        1,
        hub.get(0)!,
        checkedOutputs(hub.get(0)!, [{ feature: 0, type: 'Vibrate', value: 3 }]),
      ),
    ).toBe(false);
    expect(bus.take()).toEqual([]);
  });
});

describe('DeviceHub live caps', () => {
  it('scales toward zero so the device never exceeds the cap', () => {
    expect(scaleToCap(20, 0.5)).toBe(10);
    expect(scaleToCap(20, 0.33)).toBe(6);
    expect(scaleToCap(100, 0.29)).toBe(29);
    expect(scaleToCap(-20, 0.33)).toBe(-6);
    expect(scaleToCap(1, 0.5)).toBe(0);
    expect(scaleToCap(20, 0)).toBe(0);
  });

  it('scales what reaches a capped output, by whoever sent it, and the lowest applicable cap wins', () => {
    const { bus, hub, device } = twin();
    hub.setCap(device, { cap: 0.5 });
    hub.setCap(device, { feature: 1, output: 'Vibrate', cap: 0.25 });
    hub.applyOutputs(1, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 20 }]));
    hub.applyOutputs(
      2,
      device,
      checkedOutputs(device, [
        { feature: 1, type: 'Vibrate', value: 20 },
        { feature: 0, type: 'Rotate', value: -20 },
      ]),
    );
    hub.applyOutputs(2, device, checkedOutputs(device, [{ feature: 2, type: 'Position', value: 100 }]));
    expect(bus.take().map((m) => (m.t === 'output' ? m.command.value : null))).toEqual([10, 5, -10, 50]);
    // The state keeps what was asked for and what the device got.
    const state = device.outputs.get(outputId(1, 'Vibrate'))!;
    expect([state.command.value, state.sent, state.owner]).toEqual([20, 5, 2]);
  });

  it('re-sends values above a lowered cap at once; a raised or cleared cap waits for the next command', () => {
    const { bus, hub, device } = twin();
    hub.applyOutputs(
      1,
      device,
      checkedOutputs(device, [
        { feature: 0, type: 'Vibrate', value: 16 },
        { feature: 1, type: 'Vibrate', value: 2 },
      ]),
    );
    bus.take();
    const commits = bus.commits;
    hub.setCap(device, { output: 'Vibrate', cap: 0.5 });
    // Feature 1 at 2 scales to 1, below what it has: lowered too. Both go now.
    expect(bus.take()).toEqual([
      { t: 'output', device: 9, command: { feature: 0, type: 'Vibrate', value: 8 } },
      { t: 'output', device: 9, command: { feature: 1, type: 'Vibrate', value: 1 } },
    ]);
    expect(bus.commits).toBe(commits + 1);
    hub.setCap(device, { output: 'Vibrate', cap: 0.75 });
    expect(bus.take()).toEqual([]);
    expect(hub.clearCap(device, undefined, 'Rotate')).toBe(0); // no such cap
    expect(hub.clearCap(device)).toBe(1);
    expect(device.capBy).toBeNull();
    expect(bus.take()).toEqual([]);
    hub.applyOutputs(
      1,
      device,
      checkedOutputs(device, [
        { feature: 0, type: 'Vibrate', value: 16 },
        { feature: 1, type: 'Vibrate', value: 4 },
      ]),
    );
    expect(bus.take()).toEqual([
      { t: 'output', device: 9, command: { feature: 0, type: 'Vibrate', value: 16 } },
      { t: 'output', device: 9, command: { feature: 1, type: 'Vibrate', value: 4 } },
    ]);
  });

  it("keeps a device's caps when it disconnects and comes back", () => {
    const { bus, hub, device } = twin();
    hub.setCap(device, { cap: 0.5 });
    hub.onBusMessage('simulated', { t: 'deviceRemoved', device: 9 });
    hub.onBusMessage('simulated', {
      t: 'deviceAdded',
      device: 10,
      address: 'twin',
      protocol: 'test',
      descriptor: ROTATE_VIBE,
    });
    bus.take();
    const again = hub.get(0)!;
    expect(again.capRules).toEqual([{ cap: 0.5 }]);
    hub.applyOutputs(
      1,
      again,
      checkedOutputs(again, [
        { feature: 0, type: 'Vibrate', value: 20 },
        { feature: 1, type: 'Vibrate', value: 20 },
      ]),
    );
    expect(bus.take()).toEqual([
      { t: 'output', device: 10, command: { feature: 0, type: 'Vibrate', value: 10 } },
      { t: 'output', device: 10, command: { feature: 1, type: 'Vibrate', value: 10 } },
    ]);
  });
});

describe('DeviceHub observer', () => {
  it('reports output changes with who set them, and battery readings land on the device', () => {
    const { hub, device } = twin();
    const seen: string[] = [];
    hub.observer = {
      outputChanged: (d, feature, type, value, requested, owner) =>
        seen.push(`${d.index} ${feature} ${type} ${value}/${requested} by ${owner}`),
      deviceAdded: (d) => seen.push(`added ${d.index}`),
      deviceRemoved: (d) => seen.push(`removed ${d.index}`),
      capsChanged: (d) => seen.push(`caps ${d.index} ${JSON.stringify(d.capRules)}`),
    };
    hub.setCap(device, { feature: 0, cap: 0.5 });
    hub.applyOutputs(3, device, checkedOutputs(device, [{ feature: 0, type: 'Vibrate', value: 20 }]));
    hub.stopOwnedBy(3);
    expect(seen).toEqual([
      'caps 0 [{"feature":0,"cap":0.5}]',
      '0 0 Vibrate 10/20 by 3',
      '0 0 Vibrate 0/0 by 0',
    ]);

    hub.onBusMessage('simulated', {
      t: 'inputReading',
      device: 9,
      feature: 3,
      type: 'Battery',
      values: [85],
    });
    expect(device.battery?.level).toBe(0.85);
  });
});
