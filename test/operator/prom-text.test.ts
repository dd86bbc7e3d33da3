// The strict exposition parser the /metrics tests rely on: it must reject what a scraper would
// misread, or those tests could not fail. Also: metricsText's full output passes it.

import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../src/core/latency-histogram.js';
import { metricsText } from '../../src/operator/metrics-text.js';
import { parsePrometheusText, sampleValue } from '../helpers/prom-text.js';

const GOOD = [
  '# HELP a_total Things.',
  '# TYPE a_total counter',
  'a_total{k="x\\"y\\\\z\\n"} 3',
  '# HELP h_seconds Time.',
  '# TYPE h_seconds histogram',
  'h_seconds_bucket{le="0.1"} 1',
  'h_seconds_bucket{le="1"} 2',
  'h_seconds_bucket{le="+Inf"} 2',
  'h_seconds_sum 0.6',
  'h_seconds_count 2',
  '',
].join('\n');

describe('the Prometheus text parser used by the tests', () => {
  it('reads families, unescapes label values and checks histograms', () => {
    const f = parsePrometheusText(GOOD);
    expect(sampleValue(f, 'a_total', 'a_total', { k: 'x"y\\z\n' })).toBe(3);
    expect(sampleValue(f, 'h_seconds', 'h_seconds_count')).toBe(2);
  });

  it.each([
    ['no final newline', GOOD.slice(0, -1)],
    ['sample without TYPE', 'x 1\n'],
    ['TYPE without HELP', '# TYPE g gauge\ng 1\n'],
    ['counter without _total', '# HELP c C.\n# TYPE c counter\nc 1\n'],
    ['bad escape', GOOD.replace('\\"y', '\\ty')],
    ['unquoted label', GOOD.replace('k="x\\"y\\\\z\\n"', 'k=x')],
    ['duplicate series', GOOD.replace('h_seconds_sum 0.6', 'h_seconds_bucket{le="1"} 2\nh_seconds_sum 0.6')],
    ['non-cumulative buckets', GOOD.replace('h_seconds_bucket{le="1"} 2', 'h_seconds_bucket{le="1"} 0')],
    ['no +Inf bucket', GOOD.replace('h_seconds_bucket{le="+Inf"} 2\n', '')],
    ['_count not the +Inf bucket', GOOD.replace('h_seconds_count 2', 'h_seconds_count 3')],
    ['value not a number', GOOD.replace('a_total{k="x\\"y\\\\z\\n"} 3', 'a_total{k="x"} three')],
    ['family declared twice', `${GOOD}# HELP a_total again\n# TYPE a_total counter\n`],
    ['sample in another family', GOOD.replace('h_seconds_sum 0.6', 'h_seconds_sum 0.6\na_total{k="q"} 1')],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });

  it('accepts every family metricsText writes, with a histogram from real observations', () => {
    const h = new LatencyHistogram();
    h.observe(0.00005);
    h.observe(0.003, 4);
    h.observe(7);
    const f = parsePrometheusText(
      metricsText({
        clients: 2,
        devices: 1,
        messages: [['Ping', 3]],
        errors: [['ERROR_DEVICE', 4]],
        deviceWrites: [['simulated', 9]],
        emergencyStop: false,
        clientsByVersionRole: [
          [3, 'none', 1],
          [4, 'guest "x"', 1],
        ],
        coalesced: [['simulated', 5]],
        busRestarts: [['simulated', 0]],
        admissions: [
          ['admitted', 2],
          ['denied', 0],
          ['refused', 1],
          ['timed_out', 0],
        ],
        ackLatency: h.snapshot(),
      }),
    );
    expect(
      sampleValue(f, 'thrum_clients_by_version_role', 'thrum_clients_by_version_role', {
        version: '4',
        role: 'guest "x"',
      }),
    ).toBe(1);
    const bucket = (le: string) =>
      sampleValue(f, 'thrum_command_ack_latency_seconds', 'thrum_command_ack_latency_seconds_bucket', { le });
    expect([bucket('0.0001'), bucket('0.0025'), bucket('0.005'), bucket('2.5'), bucket('+Inf')]).toEqual([
      1, 1, 5, 5, 6,
    ]);
    expect(
      sampleValue(f, 'thrum_command_ack_latency_seconds', 'thrum_command_ack_latency_seconds_sum'),
    ).toBeCloseTo(7.01205, 9);
    expect(f.get('thrum_admissions_total')?.type).toBe('counter');
  });
});
