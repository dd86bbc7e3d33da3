// Scrape a running server's /metrics and parse it strictly (prom-text.ts): shared by the metrics
// and dashboard tests.

import { expect } from 'vitest';
import { operatorRequest } from './operator-client.js';
import { parsePrometheusText, type Family } from './prom-text.js';

export async function scrapeMetrics(port: number, token: string): Promise<Map<string, Family>> {
  const r = await operatorRequest(port, 'GET', '/metrics', { token });
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(r.text);
}
