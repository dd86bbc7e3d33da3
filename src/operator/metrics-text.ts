// GET /metrics in the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line
// per family, then its samples. The five families access.md names are always present.

import type { MetricsSnapshot } from './backend.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function family(lines: string[], name: string, type: 'gauge' | 'counter', help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function labelled(lines: string[], name: string, label: string, samples: ReadonlyArray<readonly [string, number]>): void {
  for (const [value, n] of samples) lines.push(`${name}{${label}="${labelValue(value)}"} ${n}`);
}

export function metricsText(m: MetricsSnapshot): string {
  const lines: string[] = [];
  family(lines, 'thrum_clients', 'gauge', 'Client connections that have finished their handshake.');
  lines.push(`thrum_clients ${m.clients}`);
  family(lines, 'thrum_devices', 'gauge', 'Devices connected.');
  lines.push(`thrum_devices ${m.devices}`);
  family(lines, 'thrum_messages_total', 'counter', 'Client messages handled, by message type (device commands by their wire name).');
  labelled(lines, 'thrum_messages_total', 'type', m.messages);
  family(lines, 'thrum_errors_total', 'counter', 'Error messages sent to clients, by error code.');
  labelled(lines, 'thrum_errors_total', 'code', m.errors);
  family(lines, 'thrum_device_writes_total', 'counter', 'Hardware writes, by bus (reported by the bus workers about once a second).');
  labelled(lines, 'thrum_device_writes_total', 'bus', m.deviceWrites);
  family(lines, 'thrum_emergency_stop', 'gauge', '1 while the latched emergency stop is engaged.');
  lines.push(`thrum_emergency_stop ${m.emergencyStop ? 1 : 0}`);
  return `${lines.join('\n')}\n`;
}
