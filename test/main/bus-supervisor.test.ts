// Bus worker lifecycle on its own: real worker threads, but a stand-in for the bus worker
// (stand-in-bus-worker.mjs) that only speaks the lifecycle messages. Start-up outcomes, the
// restart after a crash (devices down, then up again), messages reaching a running worker through
// its channel, and shutdown.

import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusName, BusWorkerData, FromBus } from '../../src/core/index.js';
import { BusSupervisor, type BusEvents } from '../../src/main/bus-supervisor.js';
import { setLogLevel } from '../../src/main/log.js';

setLogLevel('error');

const STAND_IN = new URL('./stand-in-bus-worker.mjs', import.meta.url);

function standIn(data: BusWorkerData): Worker {
  return new Worker(STAND_IN, { workerData: data });
}

function bus(name: BusName, mode: 'ready' | 'unavailable' | 'exit'): BusWorkerData {
  return { bus: name, logLevel: 'error', settings: { mode }, configOverrides: [], userConfig: null };
}

class RecordingEvents implements BusEvents {
  readonly events: string[] = [];
  onBusMessage(b: BusName, msg: FromBus): void {
    this.events.push(`${b} ${msg.t}`);
  }
  onBusUp(b: BusName): void {
    this.events.push(`${b} up`);
  }
  onBusDown(b: BusName): void {
    this.events.push(`${b} down`);
  }
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const started: BusSupervisor[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.shutdown()));
});

function supervisor(buses: BusWorkerData[]): BusSupervisor {
  const s = new BusSupervisor(buses, { startWorker: standIn });
  started.push(s);
  return s;
}

describe('bus supervisor (worker lifecycle)', () => {
  it('reports each bus ready or unavailable at start, and a worker that dies before ready as unavailable', async () => {
    const s = supervisor([bus('simulated', 'ready'), bus('btle', 'unavailable'), bus('serial', 'exit')]);
    const outcomes = await s.start(new RecordingEvents());
    expect(Object.fromEntries(outcomes)).toEqual({
      simulated: 'ready',
      btle: 'unavailable',
      serial: 'unavailable',
    });
    expect(s.running()).toEqual(['simulated']);
    expect(s.listening('simulated')).toBe('ws://stand-in');
    const states = Object.fromEntries(s.status().map((b) => [b.bus, b.state]));
    // The unavailable bus is not restarted; the one that died is, as after any crash.
    expect(states).toEqual({ simulated: 'running', btle: 'unavailable', serial: 'restarting' });
    expect(s.restarting()).toEqual(['serial']);
  });

  it('restarts a crashed worker: its bus goes down, then comes up again with a new worker', async () => {
    const s = supervisor([bus('simulated', 'ready')]);
    const events = new RecordingEvents();
    await s.start(events);
    s.crash('simulated');
    await until(() => events.events.includes('simulated up'));
    expect(events.events).toEqual(['simulated down', 'simulated up']);
    expect(s.status()[0]).toMatchObject({ state: 'running', crashes: 1 });
    expect(s.metricCounts()[0]).toMatchObject({ restarts: 1 });
    // The new worker gets messages through its own channel.
    s.post('simulated', { t: 'stopScanning' });
    await until(() => events.events.includes('simulated scanningFinished'));
  });

  it('drops messages for a bus that is down instead of queueing them for the next worker', async () => {
    const s = supervisor([bus('simulated', 'ready')]);
    const events = new RecordingEvents();
    await s.start(events);
    s.crash('simulated');
    await until(() => events.events.includes('simulated down'));
    s.post('simulated', { t: 'stopScanning' }); // nobody to hear it
    await until(() => events.events.includes('simulated up'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.events).not.toContain('simulated scanningFinished');
  });

  it('shuts down: every worker confirms and ends, and nothing restarts', async () => {
    const s = supervisor([bus('simulated', 'ready'), bus('btle', 'unavailable')]);
    const events = new RecordingEvents();
    await s.start(events);
    await s.shutdown();
    expect(s.running()).toEqual([]);
    expect(s.status().map((b) => b.state)).toEqual(['stopped', 'unavailable']);
    expect(events.events).toEqual(['simulated down']);
  });
});
