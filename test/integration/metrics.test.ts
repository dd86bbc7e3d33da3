// /metrics against the compiled server over real sockets: the whole scrape parses strictly as
// Prometheus text, and every counter matches what this test did: messages by type, errors by
// code, writes the simulated device received, acknowledgement-latency and command-to-write
// latency observations (one per command answered Ok, one per command written), clients by version and role, and each admission decision.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetrics } from '../helpers/metrics-scrape.js';
import { operatorRequest, type OperatorAddress } from '../helpers/operator-client.js';
import { sampleValue, type Family } from '../helpers/prom-text.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { startVenue, type Venue } from '../helpers/venue.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

const OPERATOR = 'operator-token-metrics-7a7a';
const STAGE = 'stage-token-metrics-8b8b';
const COMMANDS = 12;

let venue: Venue;
let server: ServerProcess;
let op: OperatorAddress;

beforeAll(async () => {
  venue = await startVenue({
    operatorToken: OPERATOR,
    performerToken: STAGE,
    performerTokenName: 'stage-app',
    waitSeconds: 0.5,
  });
  ({ server, op } = venue);
});

afterAll(async () => {
  await venue?.stop();
});

const scrape = () => scrapeMetrics(op.port, OPERATOR);
const value = (
  f: Map<string, Family>,
  family: string,
  labels: Record<string, string> = {},
  sample = family,
) => sampleValue(f, family, sample, labels);

async function heldId(name: string): Promise<number> {
  let id: number | undefined;
  await expect
    .poll(async () => {
      const held = (await operatorRequest(op.port, 'GET', '/api/state', { token: OPERATOR })).json
        .held as Array<{ id: number; name: string }>;
      id = held.find((h) => h.name === name)?.id;
      return id;
    })
    .toBeDefined();
  return id!;
}

/** A client without a token, held at RequestServerInfo; `reply` is its answer. */
async function waiting(name: string, version: number): Promise<{ client: RawClient; reply: Promise<Msg> }> {
  const client = await RawClient.connect(server.url);
  const body =
    version >= 4
      ? { ClientName: name, ProtocolVersionMajor: 4, ProtocolVersionMinor: 0 }
      : { ClientName: name, MessageVersion: version };
  return { client, reply: client.request('RequestServerInfo', body) };
}

describe('GET /metrics', () => {
  it('parses as Prometheus text and its counters match what the clients and the device did', async () => {
    const empty = await scrape();
    expect(
      value(empty, 'thrum_command_ack_latency_seconds', {}, 'thrum_command_ack_latency_seconds_count'),
    ).toBe(0);
    expect(
      value(empty, 'thrum_command_write_latency_seconds', {}, 'thrum_command_write_latency_seconds_count'),
    ).toBe(0);
    expect(value(empty, 'thrum_admissions_total', { decision: 'admitted' })).toBe(0);

    // Admission: one by token, one refused at the upgrade, one admitted, one denied, one timed out.
    const stage = await RawClient.handshake(`${server.url}/?token=${STAGE}`, 3, 'stage');
    await expect(RawClient.connect(`${server.url}/?token=wrong`)).rejects.toThrow();
    const admitted = await waiting('guest', 4);
    expect(
      (
        await operatorRequest(op.port, 'POST', `/api/clients/${await heldId('guest')}/admit`, {
          token: OPERATOR,
        })
      ).status,
    ).toBe(200);
    expect(await admitted.reply).toHaveProperty('ServerInfo');
    const denied = await waiting('unwanted', 3);
    expect(
      (
        await operatorRequest(op.port, 'POST', `/api/clients/${await heldId('unwanted')}/deny`, {
          token: OPERATOR,
        })
      ).status,
    ).toBe(200);
    expect(await denied.reply).toHaveProperty('Error');
    const late = await waiting('late', 3);
    expect(await late.reply).toHaveProperty('Error'); // after waitSeconds

    // A device, and COMMANDS vibrations from the stage client, each its own frame, each a new
    // value, each waited for at the device (so none is coalesced away); then one bad index.
    const { p, index } = await SimPeripheral.readyLovense(server.simPort, { address: 'metrics-hush' });
    await p.next('write', (b) => Buffer.from(b.data as number[]).toString() === 'DeviceType;');
    const before = value(await scrape(), 'thrum_device_writes_total', { bus: 'simulated' }) ?? 0;
    for (let i = 1; i <= COMMANDS; i++) {
      const reply = await stage.request('ScalarCmd', {
        DeviceIndex: index,
        Scalars: [{ Index: 0, Scalar: i / COMMANDS, ActuatorType: 'Vibrate' }],
      });
      expect(reply).toHaveProperty('Ok');
      await p.next('write', (b) => /^Vibrate:\d+;$/.test(Buffer.from(b.data as number[]).toString()));
    }
    expect(
      await stage.request('ScalarCmd', {
        DeviceIndex: 999,
        Scalars: [{ Index: 0, Scalar: 1, ActuatorType: 'Vibrate' }],
      }),
    ).toHaveProperty('Error');

    // Bus workers report writes about once a second.
    let f = await scrape();
    await expect
      .poll(
        async () => {
          f = await scrape();
          return value(f, 'thrum_device_writes_total', { bus: 'simulated' });
        },
        { timeout: 5000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(before + COMMANDS);
    expect(value(f, 'thrum_device_writes_total', { bus: 'simulated' })).toBe(before + COMMANDS);
    expect(value(f, 'thrum_messages_total', { type: 'ScalarCmd' })).toBe(COMMANDS + 1);
    expect(value(f, 'thrum_messages_total', { type: 'RequestServerInfo' })).toBe(4);
    expect(value(f, 'thrum_errors_total', { code: 'ERROR_DEVICE' })).toBe(1);
    expect(value(f, 'thrum_errors_total', { code: 'ERROR_INIT' })).toBe(2);
    // One acknowledgement-latency observation per command answered Ok; the error is not one.
    const ack = (sample: string, labels: Record<string, string> = {}) =>
      value(f, 'thrum_command_ack_latency_seconds', labels, `thrum_command_ack_latency_seconds_${sample}`);
    expect(ack('count')).toBe(COMMANDS);
    expect(ack('bucket', { le: '+Inf' })).toBe(COMMANDS);
    expect(ack('sum')).toBeGreaterThan(0);
    expect(ack('sum')).toBeLessThan(COMMANDS * 2.5); // generous: a loaded 2-core machine
    // One command-to-write observation per command: each was a new value written on its own.
    const write = (sample: string, labels: Record<string, string> = {}) =>
      value(
        f,
        'thrum_command_write_latency_seconds',
        labels,
        `thrum_command_write_latency_seconds_${sample}`,
      );
    expect(write('count')).toBe(COMMANDS);
    expect(write('sum')).toBeGreaterThan(0);
    expect(write('sum')).toBeLessThan(COMMANDS * 2.5);
    expect(value(f, 'thrum_admissions_total', { decision: 'admitted' })).toBe(2);
    expect(value(f, 'thrum_admissions_total', { decision: 'refused' })).toBe(1);
    expect(value(f, 'thrum_admissions_total', { decision: 'denied' })).toBe(1);
    expect(value(f, 'thrum_admissions_total', { decision: 'timed_out' })).toBe(1);
    expect(value(f, 'thrum_clients')).toBe(2);
    expect(value(f, 'thrum_clients_by_version_role', { version: '3', role: 'performer' })).toBe(1);
    expect(value(f, 'thrum_clients_by_version_role', { version: '4', role: 'none' })).toBe(1);
    expect(f.get('thrum_clients_by_version_role')!.samples).toHaveLength(2);
    expect(value(f, 'thrum_device_coalesced_total', { bus: 'simulated' })).toBeGreaterThanOrEqual(0);
    expect(value(f, 'thrum_bus_restarts_total', { bus: 'simulated' })).toBe(0);
    expect(value(f, 'thrum_emergency_stop')).toBe(0);

    expect((await operatorRequest(op.port, 'POST', '/api/estop', { token: OPERATOR })).status).toBe(200);
    expect(value(await scrape(), 'thrum_emergency_stop')).toBe(1);
    expect((await operatorRequest(op.port, 'POST', '/api/release', { token: OPERATOR })).status).toBe(200);

    await stage.close();
    await admitted.client.close();
    p.close();
  });
});
