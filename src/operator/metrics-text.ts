// GET /metrics in the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line
// per family, then its samples. The five families access.md names are always present.

import type { HistogramSnapshot } from '../core/latency-histogram.js';
import type { MetricsSnapshot } from './backend.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function labelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function family(lines: string[], name: string, type: 'gauge' | 'counter' | 'histogram', help: string): void {
  lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
}

function labelled(
  lines: string[],
  name: string,
  label: string,
  samples: ReadonlyArray<readonly [string, number]>,
): void {
  for (const [value, n] of samples) lines.push(`${name}{${label}="${labelValue(value)}"} ${n}`);
}

function histogram(lines: string[], name: string, h: HistogramSnapshot): void {
  h.bounds.forEach((le, i) => lines.push(`${name}_bucket{le="${le}"} ${h.cumulative[i]!}`));
  lines.push(
    `${name}_bucket{le="+Inf"} ${h.cumulative[h.bounds.length]!}`,
    `${name}_sum ${h.sum}`,
    `${name}_count ${h.count}`,
  );
}

export function metricsText(m: MetricsSnapshot): string {
  const lines: string[] = [];
  family(lines, 'thrum_clients', 'gauge', 'Client connections that have finished their handshake.');
  lines.push(`thrum_clients ${m.clients}`);
  family(lines, 'thrum_devices', 'gauge', 'Devices connected.');
  lines.push(`thrum_devices ${m.devices}`);
  family(
    lines,
    'thrum_messages_total',
    'counter',
    'Client messages handled, by message type (device commands by their wire name).',
  );
  labelled(lines, 'thrum_messages_total', 'type', m.messages);
  family(lines, 'thrum_errors_total', 'counter', 'Error messages sent to clients, by error code.');
  labelled(lines, 'thrum_errors_total', 'code', m.errors);
  family(
    lines,
    'thrum_device_writes_total',
    'counter',
    'Hardware writes, by bus (reported by the bus workers about once a second).',
  );
  labelled(lines, 'thrum_device_writes_total', 'bus', m.deviceWrites);
  family(lines, 'thrum_emergency_stop', 'gauge', '1 while the latched emergency stop is engaged.');
  lines.push(`thrum_emergency_stop ${m.emergencyStop ? 1 : 0}`);
  if (m.clientsByVersionRole) {
    family(
      lines,
      'thrum_clients_by_version_role',
      'gauge',
      'Handshaken clients by negotiated spec version and access role ("none" without a role).',
    );
    for (const [version, role, n] of m.clientsByVersionRole) {
      lines.push(`thrum_clients_by_version_role{version="${version}",role="${labelValue(role)}"} ${n}`);
    }
  }
  if (m.coalesced) {
    family(
      lines,
      'thrum_device_coalesced_total',
      'counter',
      'Output values replaced by a newer value or a stop before they were written, by bus.',
    );
    labelled(lines, 'thrum_device_coalesced_total', 'bus', m.coalesced);
  }
  if (m.busRestarts) {
    family(
      lines,
      'thrum_bus_restarts_total',
      'counter',
      'Bus worker threads restarted after exiting, by bus.',
    );
    labelled(lines, 'thrum_bus_restarts_total', 'bus', m.busRestarts);
  }
  if (m.admissions) {
    family(
      lines,
      'thrum_admissions_total',
      'counter',
      'Client admission decisions: admitted, denied (operator), refused (at the upgrade), timed_out (no operator decision).',
    );
    labelled(lines, 'thrum_admissions_total', 'decision', m.admissions);
  }
  if (m.ackLatency) {
    family(
      lines,
      'thrum_command_ack_latency_seconds',
      'histogram',
      "Device commands: seconds from their frame's arrival to their Ok being queued.",
    );
    histogram(lines, 'thrum_command_ack_latency_seconds', m.ackLatency);
  }
  if (m.writeLatency) {
    family(
      lines,
      'thrum_command_write_latency_seconds',
      'histogram',
      "Output commands: seconds from their frame's arrival to the bus worker's first write carrying them (reported about once a second).",
    );
    histogram(lines, 'thrum_command_write_latency_seconds', m.writeLatency);
  }
  if (m.cluster) {
    const c = m.cluster;
    family(
      lines,
      'thrum_nats_messages_total',
      'counter',
      'NATS messages this node received (in) and sent (out).',
    );
    labelled(lines, 'thrum_nats_messages_total', 'direction', [
      ['in', c.inMsgs],
      ['out', c.outMsgs],
    ]);
    family(
      lines,
      'thrum_nats_bytes_total',
      'counter',
      'NATS payload bytes this node received (in) and sent (out).',
    );
    labelled(lines, 'thrum_nats_bytes_total', 'direction', [
      ['in', c.inBytes],
      ['out', c.outBytes],
    ]);
    family(
      lines,
      'thrum_cluster_intents_total',
      'counter',
      'Output intents sent to the stage (edge) or received from edges (stage).',
    );
    lines.push(`thrum_cluster_intents_total ${c.intents}`);
    if (c.commands !== undefined) {
      family(
        lines,
        'thrum_cluster_commands_total',
        'counter',
        "Output commands of this edge's clients handed to the cluster link (before aggregation).",
      );
      lines.push(`thrum_cluster_commands_total ${c.commands}`);
    }
    if (c.edgesUp !== undefined) {
      family(lines, 'thrum_cluster_edges', 'gauge', 'Edges the stage hears.');
      lines.push(`thrum_cluster_edges ${c.edgesUp}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
