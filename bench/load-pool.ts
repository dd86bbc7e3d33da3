// Parent side of the load generator: at most two load-client processes (the machine has 2 cores,
// shared with the server under test), driven over IPC. Clients are split evenly between them.

import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, percentile, pinToCpu, stopChild, track, withFdLimit } from './lib.js';

export type Encoding = 'json' | 'msgpack';
export type CommandKind = 'VibrateCmd' | 'ScalarCmd' | 'OutputCmd';

/** Parent → child. Every request carries `seq`; the child answers with the same `seq`. */
export type LoadRequest =
  | { t: 'open'; seq: number; url: string; count: number; version: 3 | 4; encoding: Encoding }
  | { t: 'run'; seq: number; rate: number; kind: CommandKind; device: number; phase: number; phases: number }
  | { t: 'mark'; seq: number }
  | { t: 'report'; seq: number }
  | { t: 'stop'; seq: number }
  | { t: 'ping'; seq: number }
  | { t: 'close'; seq: number };

export interface WindowReport {
  /** Commands sent, acks (Ok) and Errors received inside the window. */
  sent: number;
  acked: number;
  errors: number;
  firstError: string;
  windowMs: number;
  /** Ack round trips (ms) of the acks inside the window. */
  rtts: number[];
  /** Sends that were pushed back a whole period because the generator fell behind. */
  late: number;
}

export type LoadReply =
  | { seq: number; t: 'opened'; opened: number; failed: number; firstError: string; ms: number }
  | ({ seq: number; t: 'report' } & WindowReport)
  | { seq: number; t: 'pinged'; ok: number; failed: number; open: number }
  | { seq: number; t: 'done'; outstanding?: number }
  | { seq: number; t: 'error'; message: string };

type Body<T> = T extends unknown ? Omit<T, 'seq'> : never;

export interface LoadResult {
  sent: number;
  acked: number;
  errors: number;
  firstError: string;
  msgsPerSec: number;
  p50: number;
  p99: number;
  late: number;
}

class LoadProcess {
  #seq = 0;
  readonly #waiting = new Map<number, { resolve: (r: LoadReply) => void; reject: (e: Error) => void }>();

  constructor(readonly proc: ChildProcess) {
    proc.on('message', (m: LoadReply) => {
      const w = this.#waiting.get(m.seq);
      if (!w) return;
      this.#waiting.delete(m.seq);
      if (m.t === 'error') w.reject(new Error(`load client: ${m.message}`));
      else w.resolve(m);
    });
    proc.once('exit', (code, signal) => {
      for (const w of this.#waiting.values()) w.reject(new Error(`load client exited (${code ?? signal})`));
      this.#waiting.clear();
    });
  }

  call(body: Body<LoadRequest>, timeoutMs = 60_000): Promise<LoadReply> {
    const seq = ++this.#seq;
    return new Promise<LoadReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(seq);
        reject(new Error(`load client: no answer to '${body.t}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting.set(seq, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.proc.send({ ...body, seq });
    });
  }
}

function expect<T extends LoadReply['t']>(r: LoadReply, t: T): Extract<LoadReply, { t: T }> {
  if (r.t !== t) throw new Error(`load client answered '${r.t}', expected '${t}'`);
  return r as Extract<LoadReply, { t: T }>;
}

export class LoadPool {
  private constructor(private readonly procs: LoadProcess[]) {}

  /** Fork `count` (≤ 2) load-client processes, each allowed `fds` open files. */
  static async start(count: number, fds: number): Promise<LoadPool> {
    const script = path.join(BENCH_DIR, 'load-client.ts');
    const procs: LoadProcess[] = [];
    for (let i = 0; i < count; i++) {
      // withFdLimit may put sh in front: fork needs node itself, so use spawn-like execPath swap.
      const argv = withFdLimit([process.execPath], fds);
      const [execPath, ...pre] = argv as [string, ...string[]];
      const cp = track(
        fork(script, [], {
          execPath,
          execArgv: [...pre, '--import', 'tsx'],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
      procs.push(new LoadProcess(cp));
    }
    return new LoadPool(procs);
  }

  get size(): number {
    return this.procs.length;
  }

  /** Run every load process on CPU `cpu` ('any': wherever the scheduler likes; lib.ts pinToCpu). */
  pin(cpu: number | 'any'): void {
    for (const p of this.procs) if (p.proc.pid !== undefined) pinToCpu(p.proc.pid, cpu);
  }

  /** Split n over the processes: [ceil, floor]. */
  #split(n: number): number[] {
    const k = this.procs.length;
    return this.procs.map((_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  }

  /** Open `total` more handshaken clients. */
  async open(
    url: string,
    total: number,
    version: 3 | 4,
    encoding: Encoding,
  ): Promise<{ opened: number; failed: number; firstError: string; ms: number }> {
    const parts = this.#split(total);
    const replies = await Promise.all(
      this.procs.map((p, i) =>
        p
          .call({ t: 'open', url, count: parts[i] ?? 0, version, encoding }, 120_000)
          .then((r) => expect(r, 'opened')),
      ),
    );
    return {
      opened: replies.reduce((s, r) => s + r.opened, 0),
      failed: replies.reduce((s, r) => s + r.failed, 0),
      firstError: replies.find((r) => r.firstError)?.firstError ?? '',
      ms: Math.max(...replies.map((r) => r.ms)),
    };
  }

  /** Every client starts sending `rate` commands/s, phases spread evenly over one period; 0: closed loop. */
  async run(rate: number, kind: CommandKind, device: number): Promise<void> {
    const k = this.procs.length;
    await Promise.all(
      this.procs.map((p, i) => p.call({ t: 'run', rate, kind, device, phase: i, phases: k })),
    );
  }

  /** Start a measured window. */
  async mark(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.call({ t: 'mark' })));
  }

  /** End the window: merged counts and RTT percentiles. */
  async report(): Promise<LoadResult> {
    const rs = await Promise.all(
      this.procs.map((p) => p.call({ t: 'report' }).then((r) => expect(r, 'report'))),
    );
    const rtts = Float64Array.from(rs.flatMap((r) => r.rtts)).sort();
    const acked = rs.reduce((s, r) => s + r.acked, 0);
    const windowMs = Math.max(...rs.map((r) => r.windowMs));
    return {
      sent: rs.reduce((s, r) => s + r.sent, 0),
      acked,
      errors: rs.reduce((s, r) => s + r.errors, 0),
      firstError: rs.find((r) => r.firstError)?.firstError ?? '',
      msgsPerSec: (acked / windowMs) * 1000,
      p50: percentile(rtts, 50),
      p99: percentile(rtts, 99),
      late: rs.reduce((s, r) => s + r.late, 0),
    };
  }

  /** Stop sending and wait (bounded) for outstanding acks. */
  async stop(): Promise<number> {
    const rs = await Promise.all(this.procs.map((p) => p.call({ t: 'stop' }).then((r) => expect(r, 'done'))));
    return rs.reduce((s, r) => s + (r.outstanding ?? 0), 0);
  }

  /** Every open client sends a Ping; how many got their Ok, and how many are open. */
  async ping(): Promise<{ ok: number; failed: number; open: number }> {
    const rs = await Promise.all(
      this.procs.map((p) => p.call({ t: 'ping' }).then((r) => expect(r, 'pinged'))),
    );
    return {
      ok: rs.reduce((s, r) => s + r.ok, 0),
      failed: rs.reduce((s, r) => s + r.failed, 0),
      open: rs.reduce((s, r) => s + r.open, 0),
    };
  }

  /** Close every client (bounded). */
  async close(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.call({ t: 'close' })));
  }

  async shutdown(): Promise<void> {
    await Promise.all(this.procs.map((p) => stopChild(p.proc, 1000)));
  }
}
