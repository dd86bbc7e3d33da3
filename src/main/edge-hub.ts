// An edge's device hub: the hub itself, over the cluster link instead of bus workers
// (architecture.md, "Rooms of clients"). It keeps every rule of the hub for its own clients and
// adds only what the room needs to hear beyond a scoped stop: a stop aimed at a device (for
// everyone), the emergency stop and its release, scans, shutdown, and the crowd voices of roles
// that aggregate instead of taking turns.

import type { Checked } from '../codec/index.js';
import type { OutputCommand } from '../core/index.js';
import { MIX_MAX, MIX_MEAN } from '../cluster/wire.js';
import type { EdgeHubSide, EdgeLink } from '../cluster/edge-link.js';
import { DeviceHub, type HubClient, type HubDevice } from './device-hub.js';
import type { Session } from './session.js';

export class EdgeHub extends DeviceHub implements EdgeHubSide {
  /** Attached clients by id, to find the role behind an owner id. */
  private readonly members = new Map<number, HubClient>();

  constructor(private readonly link: EdgeLink) {
    super(link);
    link.attach(this);
  }

  override attach(client: HubClient): void {
    super.attach(client);
    this.members.set(client.clientId, client);
  }

  override detach(client: HubClient): void {
    super.detach(client);
    this.members.delete(client.clientId);
  }

  override applyOutputs(
    owner: number,
    device: HubDevice,
    commands: ReadonlyArray<Checked<OutputCommand>>,
    now: number = performance.now(),
  ): boolean {
    const aggregate = (this.members.get(owner) as Partial<Pick<Session, 'rolePolicy'>> | undefined)
      ?.rolePolicy?.aggregate;
    if (aggregate === undefined || aggregate === 'latest')
      return super.applyOutputs(owner, device, commands, now);
    if (this.emergencyStopped) return false;
    const rule = aggregate === 'max' ? MIX_MAX : MIX_MEAN;
    for (const command of commands) this.link.voice(owner, device.busDevice, command, rule);
    return true;
  }

  override stopOwnedBy(owner: number, only?: HubDevice, feature?: number): void {
    this.link.silence(owner, only?.busDevice, feature);
    super.stopOwnedBy(owner, only, feature);
  }

  override stopDevice(device: HubDevice, feature?: number): void {
    this.link.deviceStop(device.busDevice, feature);
    this.link.muting(() => super.stopDevice(device, feature));
  }

  /** Shutdown: what this edge's clients drive stops; the room's other drivers are left alone. */
  override stopAllDevices(): void {
    this.link.stopEdge();
    this.link.muting(() => super.stopAllDevices());
  }

  override engageEmergencyStop(): boolean {
    this.link.estop('the operator');
    return this.link.muting(() => super.engageEmergencyStop());
  }

  override releaseEmergencyStop(): boolean {
    this.link.release('the operator');
    return super.releaseEmergencyStop();
  }

  override startScanning(): void {
    this.link.scan(true);
    super.startScanning();
  }

  override stopScanning(): void {
    this.link.scan(false);
    super.stopScanning();
  }

  /** EdgeHubSide: the stage's latch, applied here so this edge's clients are refused as on the stage. */
  roomLatched(engaged: boolean): void {
    if (engaged && !this.emergencyStopped) this.link.muting(() => super.engageEmergencyStop());
    else if (!engaged) super.releaseEmergencyStop();
  }
}
