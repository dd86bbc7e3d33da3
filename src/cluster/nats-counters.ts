// A node's NATS traffic for /metrics: the client's own counters, read at scrape time.

import type { NatsConnection } from '@nats-io/transport-node';

export interface NatsTraffic {
  readonly inMsgs: number;
  readonly outMsgs: number;
  readonly inBytes: number;
  readonly outBytes: number;
}

export class NatsCounters {
  constructor(private readonly nc: NatsConnection) {}

  traffic(): NatsTraffic {
    const s = this.nc.stats();
    return { inMsgs: s.inMsgs, outMsgs: s.outMsgs, inBytes: s.inBytes, outBytes: s.outBytes };
  }
}
