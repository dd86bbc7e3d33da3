// The operator console in a real headless Chromium (Debian's `chromium`, driven by playwright-core
// with the system executable; no browser is ever downloaded). One browser for the file; the server
// is the compiled one with simulated Lovense toys, a buttplug@5.0.2 client, and `ask` admission for
// loopback clients without a token. What the page shows is checked against what reaches the
// simulated devices, byte for byte. The screenshot in the README (docs/console.png) is taken here.

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as bp5 from 'buttplug';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperatorAddress } from '../helpers/operator-client.js';
import { RawClient, type Msg } from '../helpers/raw-client.js';
import { repoRoot } from '../helpers/reference.js';
import type { ServerProcess } from '../helpers/server-process.js';
import { startVenue, type Venue } from '../helpers/venue.js';
import { SimPeripheral } from '../helpers/sim-peripheral.js';

/** Debian's chromium package; CHROMIUM_PATH points elsewhere on other systems. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OPERATOR = 'operator-token-console-7a7a';
const PERFORMER = 'performer-token-console-8b8b';
const CLIENT_NAME = 'console test app';
/** Generous: a loaded 2-core machine runs the browser, the server and the test together. */
const WAIT = { timeout: 15_000, interval: 50 };

let venue: Venue;
let server: ServerProcess;
let op: OperatorAddress;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let client: bp5.ButtplugClient;
const toys: Array<{ p: SimPeripheral; index: number }> = [];
const features = new Map<number, bp5.IButtplugClientDeviceFeature>();

beforeAll(async () => {
  venue = await startVenue({ operatorToken: OPERATOR, performerToken: PERFORMER, waitSeconds: 60 });
  ({ server, op } = venue);
  base = `http://127.0.0.1:${op.port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  context = await browser.newContext({ viewport: { width: 1100, height: 820 } });
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await client?.disconnect().catch(() => {});
  for (const t of toys) t.p.close();
  await browser?.close();
  await venue?.stop();
});

/** The text of the first element matching `selector` on the console page ('' while there is none). */
function textOf(selector: string, on: Page = page): Promise<string> {
  return on
    .locator(selector)
    .first()
    .textContent({ timeout: 1000 })
    .then((t) => t ?? '')
    .catch(() => '');
}

const lastWrite = (p: SimPeripheral) => p.writes().at(-1);

async function vibrate(index: number, fraction: number): Promise<void> {
  await features.get(index)!.runOutput(bp5.DeviceOutput.Vibrate.percent(fraction));
}

async function addToy(letter: string, address: string): Promise<number> {
  const toy = await SimPeripheral.readyLovense(server.simPort, { letter, address });
  toys.push(toy);
  return toy.index;
}

describe('operator console in a real browser', () => {
  it('a page without the token gets nothing but a login prompt', async () => {
    const stranger = await browser.newContext();
    try {
      const p = await stranger.newPage();
      const r = await p.goto(`${base}/`);
      expect(r!.status()).toBe(401);
      await p.locator('input[name=token]').waitFor({ timeout: WAIT.timeout });
      expect(await p.locator('#devices, #clients, #estop').count()).toBe(0);
      // Its script never ran and never could: the prompt loads nothing.
      expect(await p.content()).not.toContain('console.js');
      const wrong = await p.goto(`${base}/?token=not-the-token`);
      expect(wrong!.status()).toBe(401);
      expect(await textOf('form p', p)).toMatch(/not accepted/);
      expect(await stranger.cookies()).toEqual([]);
    } finally {
      await stranger.close();
    }
  });

  it('logs in by the token pasted into the prompt, or in the URL: the token leaves the address bar for an HttpOnly cookie', async () => {
    await page.goto(`${base}/`);
    await page.locator('input[name=token]').fill(OPERATOR);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${base}/`, { timeout: WAIT.timeout });
    await expect.poll(() => textOf('#link'), WAIT).toBe('live');
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'thrum-operator', httpOnly: true, sameSite: 'Strict' });

    await page.goto(`${base}/?token=${OPERATOR}`);
    expect(page.url()).toBe(`${base}/`);
    await expect.poll(() => textOf('#link'), WAIT).toBe('live');
    await expect.poll(() => textOf('#buses'), WAIT).toMatch(/simulated/);
  });

  it('shows a simulated device when its peripheral connects', async () => {
    const index = await addToy('Z', 'c0:ns:01:00:00:01');
    await expect.poll(() => textOf(`[data-device="${index}"] .name`), WAIT).toBe('Lovense Hush');
    expect(await textOf(`[data-device="${index}"] .meta`)).toMatch(
      new RegExp(`^#${index} · lovense · simulated`),
    );
  });

  it("moves the level bar with a buttplug@5.0.2 client's commands and names that client", async () => {
    client = new bp5.ButtplugClient(CLIENT_NAME);
    const seen = new Map<number, bp5.ButtplugClientDevice>();
    client.on('deviceadded', (d: bp5.ButtplugClientDevice) => seen.set(d.index, d));
    await client.connect(new bp5.ButtplugNodeWebsocketClientConnector(`${server.url}/?token=${PERFORMER}`));
    await client.startScanning();
    const second = await addToy('Z', 'c0:ns:01:00:00:02');
    await expect.poll(() => toys.every((t) => seen.has(t.index)), WAIT).toBe(true);
    for (const t of toys) features.set(t.index, seen.get(t.index)!.features.get(0)!);
    const [{ p, index }] = toys as [{ p: SimPeripheral; index: number }];
    await expect.poll(() => textOf(`[data-client] .name`), WAIT).toBe(CLIENT_NAME);

    const card = `[data-device="${index}"]`;
    for (const [fraction, steps] of [
      [0.5, 10],
      [0.25, 5],
      [0.85, 17],
    ] as const) {
      await vibrate(index, fraction);
      await expect.poll(() => lastWrite(p), WAIT).toBe(`Vibrate:${steps};`);
      await expect.poll(() => textOf(`${card} .level`), WAIT).toBe(`${steps}/20`);
      expect(
        await page
          .locator(`${card} .fill`)
          .first()
          .evaluate((e) => (e as unknown as { style: { width: string } }).style.width),
      ).toBe(`${steps * 5}%`);
      expect(await textOf(`${card} .setby`)).toBe(`by ${CLIENT_NAME}`);
    }
    await vibrate(second, 0.4);
    await expect.poll(() => textOf(`[data-device="${second}"] .level`), WAIT).toBe('8/20');
    await expect.poll(() => textOf('[data-client] .drives'), WAIT).toContain(`#${index} Vibrate 0: 17`);
    // Let the sparklines draw a few seconds of history, then keep the picture for the README.
    for (const f of [0.3, 0.6, 0.45, 0.9, 0.7]) {
      await vibrate(index, f);
      await new Promise((r) => setTimeout(r, 300));
    }
    // The picture is always taken; it replaces the README's only when asked (UPDATE_SCREENSHOT=1),
    // so a test run does not leave a changed binary in the work tree.
    const shot = await page.screenshot({ path: path.join(os.tmpdir(), 'thrum-console.png') });
    expect(shot.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_SCREENSHOT === '1') writeFileSync(path.join(repoRoot, 'docs/console.png'), shot);
  });

  it('draws at most about 10 times a second while a client streams at 50 commands a second', async () => {
    const { index } = toys[0]!;
    const renders = async () => Number(await page.locator('body').getAttribute('data-renders'));
    const before = await renders();
    const started = performance.now();
    for (let i = 0; i < 100; i++) {
      void vibrate(index, (i % 20) / 20);
      await new Promise((r) => setTimeout(r, 20));
    }
    const drawn = (await renders()) - before;
    const seconds = (performance.now() - started) / 1000;
    // The client's message rate comes from the once-a-second stats event (the page polls nothing).
    const rateCell = page.locator('#clients tr', { hasText: CLIENT_NAME }).locator('.rate');
    await expect.poll(async () => Number(await rateCell.textContent()), WAIT).toBeGreaterThan(0);
    // The throttle, not the command rate (50/s) or the display (60/s), sets the pace.
    expect(drawn).toBeGreaterThan(0);
    expect(drawn / seconds).toBeLessThanOrEqual(12);
  });

  it("shows a device's signal strength as its bus reports it", async () => {
    const toy = toys[0]!;
    toy.p.send({ rssi: { value: -57 } });
    await expect.poll(() => textOf(`[data-device="${toy.index}"] .meta`), WAIT).toMatch(/signal -57 dBm/);
  });

  it("the log panel shows the server's lines live, filtered by level and text", async () => {
    const index = await addToy('W', 'c0:ns:01:00:00:0a');
    const added = new RegExp(`device ${index} added: Lovense`);
    await expect.poll(() => textOf('#log'), WAIT).toMatch(added);
    await page.locator('#log-level').selectOption('warn');
    await expect.poll(() => textOf('#log'), WAIT).not.toMatch(added);
    await page.locator('#log-level').selectOption('info');
    await page.locator('#log-filter').fill(`device ${index} added`);
    await expect.poll(() => page.locator('#log .line').count(), WAIT).toBe(1);
    await page.locator('#log-filter').fill('');
    // A line logged after the page loaded arrives live: the device leaving.
    const gone = toys.findIndex((t) => t.index === index);
    toys.splice(gone, 1)[0]!.p.close();
    await expect.poll(() => textOf('#log'), WAIT).toMatch(new RegExp(`device ${index} removed`));
  });

  it('fits a phone: nothing wider than the screen, the emergency stop in view', async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 800 });
      await phone.goto(`${base}/`);
      await expect.poll(() => textOf('[data-device] .name', phone), WAIT).toBe('Lovense Hush');
      expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      const stop = await phone.locator('#estop').boundingBox();
      expect(stop!.x + stop!.width).toBeLessThanOrEqual(390);
      expect(stop!.y).toBeLessThan(800);
    } finally {
      await phone.close();
    }
  });

  it('a cap slider changes what reaches the device, exact bytes', async () => {
    const [{ p, index }] = toys as [{ p: SimPeripheral; index: number }];
    await vibrate(index, 1);
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:20;');
    await page.locator(`[data-device="${index}"] input.cap`).fill('50');
    // Lowering a cap below the current level sends the capped level at once.
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:10;');
    await expect.poll(() => textOf(`[data-device="${index}"] .cap-value`), WAIT).toBe('50%');
    await vibrate(index, 0.5);
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:5;');
    await page.locator(`[data-device="${index}"] input.cap`).fill('100');
    await expect
      .poll(
        async () => (await fetchState()).devices.find((d: { index: number }) => d.index === index).caps,
        WAIT,
      )
      .toEqual([]);
    await vibrate(index, 1);
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:20;');
  });

  for (const how of ['button', 'Space', 'Escape'] as const) {
    it(`emergency stop by ${how === 'button' ? 'the button' : `the ${how} key`}: every device's last write is its stop, the page shows the latch until released`, async () => {
      for (const t of toys) await vibrate(t.index, 0.6);
      for (const t of toys) await expect.poll(() => lastWrite(t.p), WAIT).toBe('Vibrate:12;');
      if (how === 'button') await page.locator('#estop').click();
      else {
        await page.locator('h1').click(); // focus on the page, not on a control
        await page.keyboard.press(how);
      }
      for (const t of toys) await expect.poll(() => lastWrite(t.p), WAIT).toBe('Vibrate:0;');
      await page.locator('#latch').waitFor({ state: 'visible', timeout: WAIT.timeout });
      expect(await page.locator('body.latched').count()).toBe(1);
      expect((await fetchState()).estop).toBe(true);
      // While latched nothing a client sends reaches a device.
      await expect(vibrate(toys[0]!.index, 0.5)).rejects.toThrow();
      expect(lastWrite(toys[0]!.p)).toBe('Vibrate:0;');

      await page.locator('#release').click();
      await page.locator('#latch').waitFor({ state: 'hidden', timeout: WAIT.timeout });
      expect(await page.locator('body.latched').count()).toBe(0);
      expect((await fetchState()).estop).toBe(false);
    });
  }

  it('admits and denies a held client', async () => {
    const waiting = async (name: string): Promise<{ c: RawClient; reply: Promise<Msg> }> => {
      const c = await RawClient.connect(server.url);
      return { c, reply: c.request('RequestServerInfo', { ClientName: name, MessageVersion: 3 }) };
    };
    const welcome = await waiting('walk-in app');
    const held = page.locator('[data-held]', { hasText: 'walk-in app' });
    await held.waitFor({ timeout: WAIT.timeout });
    await held.locator('button.admit').click();
    expect(await welcome.reply).toHaveProperty('ServerInfo');
    await expect.poll(() => textOf('#clients'), WAIT).toContain('walk-in app');
    await held.waitFor({ state: 'detached', timeout: WAIT.timeout });

    const unwelcome = await waiting('unwelcome app');
    const other = page.locator('[data-held]', { hasText: 'unwelcome app' });
    await other.waitFor({ timeout: WAIT.timeout });
    await other.locator('button.deny').click();
    expect((await unwelcome.reply).Error).toMatchObject({ ErrorCode: 1 });
    expect((await unwelcome.c.closed).code).toBe(1008);
    await other.waitFor({ state: 'detached', timeout: WAIT.timeout });
    await welcome.c.close();
  });

  it('kicks a client: it is closed, its devices stop, its row goes', async () => {
    const [{ p, index }] = toys as [{ p: SimPeripheral; index: number }];
    await vibrate(index, 0.5);
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:10;');
    const disconnected = new Promise<void>((resolve) => client.on('disconnect', () => resolve()));
    await page.locator('[data-client]', { hasText: CLIENT_NAME }).locator('button.kick').click();
    await disconnected;
    await expect.poll(() => lastWrite(p), WAIT).toBe('Vibrate:0;');
    await page
      .locator('[data-client]', { hasText: CLIENT_NAME })
      .waitFor({ state: 'detached', timeout: WAIT.timeout });
  });
});

/** GET /api/state from inside the page, with its cookie. */
function fetchState(): Promise<any> {
  return page.evaluate(() => fetch('/api/state').then((r) => r.json()));
}
