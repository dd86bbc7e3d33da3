import { describe, expect, it } from 'vitest';
import { metricsText } from '../../src/operator/metrics-text.js';

describe('metrics text', () => {
  it('has a HELP and TYPE line per family and escapes label values', () => {
    const text = metricsText({
      clients: 2,
      devices: 1,
      messages: [
        ['Ping', 3],
        ['Odd"name\\', 1],
      ],
      errors: [['ERROR_DEVICE', 4]],
      deviceWrites: [['simulated', 9]],
      emergencyStop: true,
    });
    expect(text).toContain('# TYPE thrum_clients gauge\nthrum_clients 2\n');
    expect(text).toContain('thrum_messages_total{type="Ping"} 3\n');
    expect(text).toContain('thrum_messages_total{type="Odd\\"name\\\\"} 1\n');
    expect(text).toContain('# TYPE thrum_errors_total counter\nthrum_errors_total{code="ERROR_DEVICE"} 4\n');
    expect(text).toContain('thrum_device_writes_total{bus="simulated"} 9\n');
    expect(text).toContain('# TYPE thrum_emergency_stop gauge\nthrum_emergency_stop 1\n');
    for (const line of text.trimEnd().split('\n'))
      expect(line).toMatch(/^(# (HELP|TYPE) thrum_\w+ .+|thrum_\w+(\{\w+="(?:[^"\\]|\\.)*"\})? \d+)$/);
  });
});
