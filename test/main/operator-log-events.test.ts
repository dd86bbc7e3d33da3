// The operator's live log lines are budgeted: a server that logs a flood (a client making it log
// on every message) sends subscribers at most LOG_EVENTS_PER_SECOND lines a second and then one
// line saying how many were left out; the kept ring (GET /api/log) still has every line.

import { describe, expect, it } from 'vitest';
import type { BusSupervisor } from '../../src/main/bus-supervisor.js';
import type { DeviceHub } from '../../src/main/device-hub.js';
import { log, recentLog } from '../../src/main/log.js';
import { LOG_EVENTS_PER_SECOND, ServerControl } from '../../src/main/server-control.js';
import type { OperatorEvent } from '../../src/operator/backend.js';

function watchedControl(): { control: ServerControl; events: OperatorEvent[]; stop: () => void } {
  const hub = { observer: null } as unknown as DeviceHub;
  const control = new ServerControl(hub, {} as BusSupervisor, null);
  const events: OperatorEvent[] = [];
  const stop = control.subscribe({ event: (e) => events.push(e), outputChanged: () => {} });
  return { control, events, stop };
}

describe('live log lines for the operator', () => {
  it('sends at most LOG_EVENTS_PER_SECOND a second, then says how many it left out', () => {
    const { control, events, stop } = watchedControl();
    const t0 = 1_000_000;
    for (let i = 0; i < LOG_EVENTS_PER_SECOND + 70; i++)
      control.logLine({ at: t0 + i, level: 'info', msg: `line ${i}` });
    expect(events).toHaveLength(LOG_EVENTS_PER_SECOND);
    expect(events.at(-1)).toMatchObject({
      event: 'log',
      message: `line ${LOG_EVENTS_PER_SECOND - 1}`,
      level: 'info',
    });

    control.logLine({ at: t0 + 1000, level: 'error', msg: 'next second' });
    expect(events.slice(LOG_EVENTS_PER_SECOND)).toEqual([
      expect.objectContaining({
        event: 'log',
        level: 'warn',
        message: expect.stringMatching(/^70 log lines left out/),
      }),
      expect.objectContaining({
        event: 'log',
        level: 'error',
        message: 'next second',
        time: new Date(t0 + 1000).toISOString(),
      }),
    ]);
    stop();
  });

  it('hears the server log while someone watches, and stops when the last subscriber leaves', () => {
    const { control, events, stop } = watchedControl();
    log('warn', 'while watched');
    expect(events).toEqual([
      expect.objectContaining({ event: 'log', level: 'warn', message: 'while watched' }),
    ]);
    stop();
    log('warn', 'after the last subscriber left');
    expect(events).toHaveLength(1);
    expect(
      recentLog('warn')
        .map((l) => l.msg)
        .slice(-2),
    ).toEqual(['while watched', 'after the last subscriber left']);
    control.close();
  });
});
