// docs/grafana-thrum.json is valid JSON, and every metric its panels query is one a real /metrics
// scrape of the compiled server exposes: a renamed or dropped series breaks this test, not a
// deployment's dashboard.

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics } from '../helpers/metrics-scrape.js';
import { operatorOf } from '../helpers/operator-client.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const DASHBOARD = new URL('../../docs/grafana-thrum.json', import.meta.url);

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer(['--operator-port', '0']);
});
afterAll(async () => {
  await server?.stop();
});

/** Every PromQL expression in the dashboard's panels. */
function expressions(dashboard: {
  panels: Array<{ title: string; targets?: Array<{ expr?: string }> }>;
}): string[] {
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));
}

describe('the sample Grafana dashboard', () => {
  it('is valid JSON whose every panel queries only metrics a real scrape exposes', async () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
    const exprs = expressions(dashboard);
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    expect(exprs.every((e) => e.length > 0)).toBe(true);
    const queried = new Set(exprs.flatMap((e) => e.match(/\bthrum_[a-z_]+\b/g) ?? []));
    const { token, port } = await operatorOf(server);
    const families = await scrapeMetrics(port, token!);
    // A histogram's series are its family name plus _bucket, _sum or _count.
    const exposed = new Set<string>();
    for (const f of families.values()) {
      exposed.add(f.name);
      if (f.type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) exposed.add(f.name + s);
    }
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
    // Each family the issue asks to watch has a panel.
    for (const name of [
      'thrum_clients_by_version_role',
      'thrum_messages_total',
      'thrum_errors_total',
      'thrum_command_ack_latency_seconds_bucket',
      'thrum_command_write_latency_seconds_bucket',
      'thrum_device_writes_total',
      'thrum_device_coalesced_total',
      'thrum_emergency_stop',
      'thrum_bus_restarts_total',
    ]) {
      expect(queried).toContain(name);
    }
  });
});
