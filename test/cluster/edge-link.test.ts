// The edge's side of the link as the hub's bus port (docs/cluster.md, "Aggregation window"): the
// newest value per output, at most one intents message per window, stops in order and at once.
// A stand-in NATS connection records what would be published.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NatsConnection } from '@nats-io/transport-node';
import { EdgeLink, INTENT_WINDOW_MS } from '../../src/cluster/edge-link.js';
import { OP_SET, OP_STOP_OWN, subjects, unpack, type IntentBatch } from '../../src/cluster/wire.js';

function link(): { link: EdgeLink; sent: IntentBatch[] } {
  const sent: IntentBatch[] = [];
  const subj = subjects('r');
  const nc = {
    isClosed: () => false,
    isDraining: () => false,
    publish(subject: string, data: Uint8Array) {
      if (subject === subj.intents) sent.push(unpack(data) as IntentBatch);
    },
    stats: () => ({ inMsgs: 0, outMsgs: 0, inBytes: 0, outBytes: 0 }),
  } as unknown as NatsConnection;
  return {
    link: new EdgeLink({
      nc,
      subjects: subj,
      node: 'e1',
      name: 'edge',
      log: () => undefined,
      clients: () => 0,
    }),
    sent,
  };
}

const vibrate = (value: number) =>
  ({ t: 'output', device: 3, command: { feature: 0, type: 'Vibrate', value } }) as const;
// The window is time: the clock is faked, so a slow machine cannot stretch a loop past it.
beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'performance'],
  });
});
afterEach(() => {
  vi.useRealTimers();
});
const settle = () => vi.advanceTimersByTime(INTENT_WINDOW_MS * 5);

describe('EdgeLink as a bus port', () => {
  it('a quiet output goes at once; within the window only its newest value follows, once', () => {
    const { link: l, sent } = link();
    l.post('simulated', vibrate(1));
    l.commit();
    expect(sent).toEqual([['e1', [[OP_SET, 3, 0, 'Vibrate', 1]]]]);
    for (let v = 2; v <= 50; v++) {
      l.post('simulated', vibrate(v));
      l.commit();
    }
    expect(sent).toHaveLength(1);
    settle();
    expect(sent).toEqual([
      ['e1', [[OP_SET, 3, 0, 'Vibrate', 1]]],
      ['e1', [[OP_SET, 3, 0, 'Vibrate', 50]]],
    ]);
    expect(l.commandsIn).toBe(50);
    expect(l.intentsOut).toBe(2);
  });

  it('a scoped stop goes at once, after the values set before it and before those set after it', () => {
    const { link: l, sent } = link();
    l.post('simulated', vibrate(1));
    l.commit();
    l.post('simulated', vibrate(7));
    l.post('simulated', { t: 'stop', device: 3, commands: [{ feature: 0, type: 'Vibrate', value: 0 }] });
    l.post('simulated', vibrate(9));
    l.commit();
    expect(sent[1]).toEqual([
      'e1',
      [
        [OP_SET, 3, 0, 'Vibrate', 7],
        [OP_STOP_OWN, 3, 0, 'Vibrate'],
        [OP_SET, 3, 0, 'Vibrate', 9],
      ],
    ]);
  });

  it('stops the edge hub posts for its own bookkeeping stay local while muted', () => {
    const { link: l, sent } = link();
    l.muting(() =>
      l.post('simulated', { t: 'stop', device: 3, commands: [{ feature: 0, type: 'Vibrate', value: 0 }] }),
    );
    l.commit();
    expect(sent).toEqual([]);
  });
});
