// The decode pool with real piscina workers: frames submitted in one turn go out as one task whose
// buffer is moved (not copied) to the worker, results come back to each owner under the sequence
// number it gave, and a lost task still answers every frame. Plus decodeFrame, the one function
// both decode paths run.

import { pack } from 'msgpackr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DecodePool,
  startDecodeWorkers,
  type DecodeRunner,
  type DecodeTarget,
} from '../../src/codec/decode-pool.js';
import {
  frameMode,
  runDecodeTask,
  runPoolTask,
  type DecodeReply,
  type DecodeTask,
} from '../../src/codec/decode-task.js';
import { decodeFrame, NO_VERSION, type DecodedFrame } from '../../src/codec/frame.js';
import type { DeviceHub } from '../../src/main/device-hub.js';
import { Session } from '../../src/main/session.js';

const enc = new TextEncoder();
const json = (x: unknown): ArrayBuffer => enc.encode(JSON.stringify(x)).buffer;

/** Collects what the pool delivers, and resolves once `expected` frames arrived. */
class Owner implements DecodeTarget {
  readonly got: Array<[number, DecodedFrame]> = [];
  private wake: (() => void) | null = null;
  frameDecoded(seq: number, frame: DecodedFrame): void {
    this.got.push([seq, frame]);
    this.wake?.();
  }
  async count(expected: number): Promise<void> {
    while (this.got.length < expected) await new Promise<void>((r) => (this.wake = r));
  }
}

/**
 * A real piscina runner that records each task's buffer size right after run() and again once the
 * reply is in. piscina posts at once to an idle worker and holds tasks for a busy one, so a queued
 * task's buffer moves later; by the reply it must have moved (0), or it was copied.
 */
class WatchingRunner implements DecodeRunner {
  readonly posted: Array<{ frames: number; byteLengthAfterPost: number; byteLengthAfterReply?: number }> = [];
  constructor(private readonly inner: DecodeRunner) {}
  async run(task: DecodeTask, transferList: ArrayBuffer[]): Promise<DecodeReply> {
    const reply = this.inner.run(task, transferList);
    const record: (typeof this.posted)[number] = {
      frames: task.count,
      byteLengthAfterPost: task.bytes.byteLength,
    };
    this.posted.push(record);
    const result = await reply;
    record.byteLengthAfterReply = task.bytes.byteLength;
    return result;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('decodeFrame', () => {
  it('decodes the messages after an accepted handshake at the version it fixes', () => {
    const frame = decodeFrame(
      new Uint8Array(
        json([
          { RequestServerInfo: { Id: 1, ClientName: 'c', MessageVersion: 2 } },
          { BatteryLevelCmd: { Id: 2, DeviceIndex: 0 } },
        ]),
      ),
      false,
      NO_VERSION,
    );
    expect(frame).toMatchObject([
      { kind: 'RequestServerInfo', version: 2 },
      { kind: 'DeviceCommand', id: 2, device: 0 },
    ]);
  });

  it('keeps decoding handshakes after one the server will refuse (client too new)', () => {
    const frame = decodeFrame(
      new Uint8Array(
        json([
          { RequestServerInfo: { Id: 1, ClientName: 'c', ProtocolVersionMajor: 9, ProtocolVersionMinor: 0 } },
          { Ping: { Id: 2 } },
        ]),
      ),
      false,
      NO_VERSION,
    );
    expect(frame).toMatchObject([
      { kind: 'RequestServerInfo', version: 9 },
      { kind: 'Error', id: 2, failure: { reason: 'THRUM_ERR_HANDSHAKE_REQUIRED' } },
    ]);
  });

  it('reads msgpack from a view in the middle of a larger buffer', () => {
    const mp = pack([{ Ping: { Id: 7 } }]);
    const big = new Uint8Array(mp.length + 10);
    big.set(mp, 5);
    expect(decodeFrame(big.subarray(5, 5 + mp.length), true, 4)).toEqual([{ kind: 'Ping', id: 7 }]);
  });
});

describe('runDecodeTask', () => {
  it('splits the buffer at the end offsets and decodes each frame in its own mode', () => {
    const a = enc.encode('[{"Ping":{"Id":1}}]');
    const b = pack([{ StopAllDevices: { Id: 2 } }]);
    const c = enc.encode('[nope');
    const bytes = new Uint8Array(a.length + b.length + c.length);
    bytes.set(a, 0);
    bytes.set(b, a.length);
    bytes.set(c, a.length + b.length);
    const reply = runDecodeTask({
      kind: 'decode',
      bytes: bytes.buffer,
      ends: Uint32Array.of(a.length, a.length + b.length, bytes.length),
      modes: Uint8Array.of(frameMode(false, 4), frameMode(true, 3), frameMode(false, 3)),
      count: 3,
    });
    expect(reply.frames[0]).toEqual([{ kind: 'Ping', id: 1 }]);
    expect(reply.frames[1]).toMatchObject([{ kind: 'StopAll', id: 2 }]);
    expect(reply.frames[2]).toMatchObject({
      kind: 'Error',
      id: 0,
      failure: { reason: 'THRUM_ERR_BAD_JSON' },
    });
  });
});

describe('DecodePool on piscina workers', () => {
  let runner: WatchingRunner;
  let pool: DecodePool<Owner>;
  beforeAll(async () => {
    runner = new WatchingRunner(startDecodeWorkers(1));
    pool = new DecodePool<Owner>(runner, { chunkBytes: 4096 });
    await pool.ready();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('frames from several owners in one turn become one task, moved to the worker', async () => {
    const owners = [new Owner(), new Owner(), new Owner()];
    const before = runner.posted.length;
    for (let i = 0; i < 60; i++) {
      const owner = owners[i % 3]!;
      const data = json([{ Ping: { Id: i + 1 } }]);
      pool.submit(owner, Math.floor(i / 3), data, false, 3);
      new Uint8Array(data).fill(0x20); // the caller may reuse its buffer at once (uWS does)
    }
    await Promise.all(owners.map((o) => o.count(20)));
    // The worker was idle, so piscina posted at once: the buffer is gone from this thread already.
    expect(runner.posted.slice(before)).toEqual([
      { frames: 60, byteLengthAfterPost: 0, byteLengthAfterReply: 0 },
    ]);
    owners.forEach((owner, k) => {
      expect(owner.got).toEqual(
        Array.from({ length: 20 }, (_, n) => [n, [{ kind: 'Ping', id: 3 * n + k + 1 }]]),
      );
    });
  });

  it('a turn larger than one chunk goes out as a few tasks, every frame still answered once', async () => {
    const owner = new Owner();
    const before = runner.posted.length;
    const filler = 'x'.repeat(1000);
    for (let i = 0; i < 20; i++)
      pool.submit(owner, i, json([{ Test: { Id: i + 1, TestString: filler } }]), false, 0);
    pool.submit(owner, 20, json([{ Test: { Id: 21, TestString: 'y'.repeat(10_000) } }]), false, 0); // larger than a chunk
    await owner.count(21);
    const posted = runner.posted.slice(before);
    expect(posted.length).toBeGreaterThan(1);
    expect(posted.reduce((n, p) => n + p.frames, 0)).toBe(21);
    expect(posted.every((p) => p.byteLengthAfterReply === 0)).toBe(true);
    expect(owner.got.map(([seq]) => seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 21 }, (_, i) => i),
    );
  });
});

describe('start-up barrier', () => {
  it('a lone party passes at once; a party left waiting for one that never comes times out', () => {
    expect(
      runPoolTask({ kind: 'barrier', arrived: new SharedArrayBuffer(4), parties: 1, timeoutMs: 1000 }),
    ).toEqual({ kind: 'arrived', complete: true });
    const started = Date.now();
    expect(
      runPoolTask({ kind: 'barrier', arrived: new SharedArrayBuffer(4), parties: 2, timeoutMs: 50 }),
    ).toEqual({ kind: 'arrived', complete: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('every thread of a 3-thread pool has booted once ready() resolves', async () => {
    const runner = startDecodeWorkers(3);
    try {
      expect(await runner.allThreadsBooted!()).toBe(true);
      const pool = new DecodePool<Owner>(runner, { threads: 3 });
      await expect(pool.ready()).resolves.toBeUndefined();
    } finally {
      await runner.close();
    }
  });
});

describe('DecodePool when a task fails', () => {
  it('answers each frame of the lost task with an internal Error (Id 0) and reports it once', async () => {
    const errors: unknown[] = [];
    const broken: DecodeRunner = {
      run: () => Promise.reject(new Error('worker died')),
      close: async () => {},
    };
    const pool = new DecodePool<Owner>(broken, { onTaskError: (e) => errors.push(e) });
    const owner = new Owner();
    pool.submit(owner, 0, json([{ Ping: { Id: 1 } }]), false, 4);
    pool.submit(owner, 1, json([{ Ping: { Id: 2 } }]), false, 4);
    await owner.count(2);
    expect(errors).toHaveLength(1);
    for (const [, frame] of owner.got)
      expect(frame).toMatchObject({ kind: 'Error', id: 0, failure: { reason: 'THRUM_ERR_INTERNAL' } });
    await pool.close();
  });

  it('after close, nothing more is delivered', async () => {
    let release: (r: DecodeReply) => void = () => {};
    const slow: DecodeRunner = { run: () => new Promise((r) => (release = r)), close: async () => {} };
    const pool = new DecodePool<Owner>(slow);
    const owner = new Owner();
    pool.submit(owner, 0, json([{ Ping: { Id: 1 } }]), false, 4);
    await new Promise((r) => setImmediate(r));
    await pool.close();
    release({ kind: 'decoded', frames: [[{ kind: 'Ping', id: 1 }]] });
    await new Promise((r) => setImmediate(r));
    expect(owner.got).toEqual([]);
  });
});

describe('Session on the decode pool (unit: tasks finishing out of order)', () => {
  it('handles a session’s frames in arrival order, whatever order the tasks finish in', async () => {
    // Tasks are decoded on this thread and released newest first, as two threads could.
    const held: Array<() => void> = [];
    const reversing: DecodeRunner = {
      run: (task) => new Promise((resolve) => held.push(() => resolve(runDecodeTask(task)))),
      close: async () => {},
    };
    const pool = new DecodePool<Session>(reversing, { chunkBytes: 1 });
    const sent: string[] = [];
    const transport = { send: (d: string | Uint8Array) => (sent.push(String(d)), true), close: () => {} };
    const hub = { attach: () => {}, detach: () => {}, stopOwnedBy: () => {} } as unknown as DeviceHub;
    const session = new Session(transport, hub, {
      serverName: 's',
      maxPingTime: 0,
      maxFrameBytes: 1024,
      maxMessagesPerFrame: 1024,
      maxBacklogBytes: 65536,
      decodePool: pool,
    });
    session.onFrame(json([{ RequestServerInfo: { Id: 1, ClientName: 'c', MessageVersion: 3 } }]), false); // inline
    for (let i = 2; i <= 6; i++) session.onFrame(json([{ Ping: { Id: i } }]), false); // 1-byte chunks: one task each
    session.onFrame(new ArrayBuffer(2000), false); // too large: answered without decoding, but after 2–6
    await new Promise((r) => setImmediate(r));
    expect(held).toHaveLength(5);
    for (const release of held.reverse()) {
      release();
      await Promise.resolve();
    }
    await new Promise((r) => setImmediate(r));
    const ids = sent.map((s) =>
      (JSON.parse(s) as Array<Record<string, { Id: number }>>).map((m) => Object.values(m)[0]!.Id),
    );
    expect(ids).toEqual([[1], [2], [3], [4], [5], [6], [0]]);
    session.close();
    await pool.close();
  });
});
