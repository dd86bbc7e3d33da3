// The operator console under a room's load: 1,000 v3 clients stream ScalarCmd at 5 a second each
// at one simulated Lovense Hush, and a real headless Chromium (Debian's /usr/bin/chromium, driven
// by playwright-core) alternately shows a blank page and the console, logged in by the operator
// token. For each window: thrum's CPU per acknowledged command (/proc, every thread), ack p99,
// and while the console is open, how often the page drew, how many events it received and how long
// a draw took (the page counts them in <body data-renders data-events data-render-ms>).
//
// Targets (issue 11): the page draws at its throttle (≤ 10 a second) and the server's CPU per
// command rises by ≤ 5 % with the console open. Windows alternate (blank, console, blank, …) and
// each figure is the median of its kind, so drift on this shared machine falls on both sides.

import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import {
  fmt,
  freePort,
  mdTable,
  median,
  QUICK,
  sleep,
  startThrum,
  type ServerProcess,
  cpuSeconds,
} from './lib.js';
import { LoadPool } from './load-pool.js';
import { SimHush } from './sim-devices.js';

export const CONSOLE_CLIENTS = QUICK ? 200 : 1000;
export const CONSOLE_RATE = 5;
/** Windows of each kind (blank page, console open), alternating. */
const PAIRS = QUICK ? 1 : 3;
const WARMUP_MS = QUICK ? 1000 : 3000;
const WINDOW_MS = QUICK ? 3000 : 5000;
/** After the page opens or closes, before the window starts: the state snapshot and first draws. */
const SETTLE_MS = 1500;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The page's throttle (console.js RENDER_PER_SECOND). */
export const RENDER_LIMIT_PER_SECOND = 10;
export const CPU_RISE_LIMIT = 1.05;

export interface ConsoleWindow {
  readonly console: boolean;
  readonly cpuUsPerCmd: number;
  readonly acked: number;
  readonly p99: number;
  /** Console windows only. */
  readonly rendersPerSec?: number;
  readonly eventsPerSec?: number;
  readonly renderMs?: number;
}

export interface ConsoleResults {
  readonly clients: number;
  readonly rate: number;
  readonly windows: readonly ConsoleWindow[];
  readonly skipped?: string;
}

const OPERATOR_LINE = /operator console on (http:\/\/[^\s]+)/;

interface PageCounters {
  renders: number;
  events: number;
  renderMs: number;
}

async function counters(page: Page): Promise<PageCounters> {
  const body = page.locator('body');
  const read = async (name: string): Promise<number> => Number((await body.getAttribute(name)) ?? 0);
  return {
    renders: await read('data-renders'),
    events: await read('data-events'),
    renderMs: await read('data-render-ms'),
  };
}

async function operatorUrl(server: ServerProcess): Promise<string> {
  for (let i = 0; i < 100; i++) {
    for (const line of server.stdout) {
      const m = OPERATOR_LINE.exec(line);
      if (m) return m[1]!;
    }
    await sleep(50);
  }
  throw new Error('thrum printed no operator console line');
}

export async function runConsoleLoad(): Promise<ConsoleResults> {
  if (!existsSync(CHROMIUM))
    return {
      clients: 0,
      rate: 0,
      windows: [],
      skipped: `no Chromium at ${CHROMIUM} (apt-get install chromium)`,
    };
  const { chromium } = await import('playwright-core');
  const fds = CONSOLE_CLIENTS + 1024;
  // Each load process holds half the clients.
  const simPort = await freePort();
  const server = await startThrum(simPort, fds, ['--operator-port', '0']);
  let browser: Browser | null = null;
  const pool = await LoadPool.start(2, Math.ceil(CONSOLE_CLIENTS / 2) + 256);
  try {
    const url = await operatorUrl(server);
    const hush = await SimHush.attach(simPort);
    const opened = await pool.open(server.url, CONSOLE_CLIENTS, 3, 'json');
    if (opened.opened < CONSOLE_CLIENTS)
      throw new Error(`only ${opened.opened} of ${CONSOLE_CLIENTS} clients connected (${opened.firstError})`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await pool.run(CONSOLE_RATE, 'ScalarCmd', hush.deviceIndex);
    await sleep(WARMUP_MS);
    const windows: ConsoleWindow[] = [];
    for (let i = 0; i < PAIRS * 2; i++) {
      const withConsole = i % 2 === 1;
      // The token goes in the URL once; the page moves it into its cookie.
      await page.goto(withConsole ? url : 'about:blank');
      if (withConsole) await page.locator('#link', { hasText: /^live$/ }).waitFor({ timeout: 20_000 });
      await sleep(SETTLE_MS);
      await pool.mark();
      const c0 = withConsole ? await counters(page) : null;
      const cpu0 = cpuSeconds(server.pid);
      const t0 = performance.now();
      await sleep(WINDOW_MS);
      const r = await pool.report();
      const cpu1 = cpuSeconds(server.pid);
      const seconds = (performance.now() - t0) / 1000;
      const c1 = withConsole ? await counters(page) : null;
      const window: ConsoleWindow = {
        console: withConsole,
        cpuUsPerCmd: r.acked > 0 ? ((cpu1 - cpu0) * 1e6) / r.acked : Number.NaN,
        acked: r.acked,
        p99: r.p99,
        ...(c0 && c1
          ? {
              rendersPerSec: (c1.renders - c0.renders) / seconds,
              eventsPerSec: (c1.events - c0.events) / seconds,
              renderMs:
                c1.renders > c0.renders
                  ? (c1.renderMs - c0.renderMs) / (c1.renders - c0.renders)
                  : Number.NaN,
            }
          : {}),
      };
      windows.push(window);
      process.stdout.write(
        `console load: ${withConsole ? 'console open' : 'blank page  '} ${fmt(window.cpuUsPerCmd)} µs/cmd, ${r.acked} acks, p99 ${fmt(r.p99, 2)} ms` +
          (withConsole
            ? `, ${fmt(window.rendersPerSec!)} draws/s, ${fmt(window.eventsPerSec!)} events/s, ${fmt(window.renderMs!, 2)} ms/draw`
            : '') +
          '\n',
      );
    }
    await pool.stop();
    hush.close();
    return { clients: CONSOLE_CLIENTS, rate: CONSOLE_RATE, windows };
  } finally {
    await browser?.close().catch(() => {});
    await pool.close().catch(() => {});
    await pool.shutdown().catch(() => {});
    await server.stop();
  }
}

function medianOf(windows: readonly ConsoleWindow[], open: boolean, key: keyof ConsoleWindow): number {
  return median(windows.filter((w) => w.console === open).map((w) => Number(w[key])));
}

export function consoleSection(r: ConsoleResults): string {
  if (r.skipped) return `Skipped: ${r.skipped}.`;
  const blank = medianOf(r.windows, false, 'cpuUsPerCmd');
  const open = medianOf(r.windows, true, 'cpuUsPerCmd');
  return [
    `${r.clients} v3 JSON clients stream ScalarCmd at ${r.rate}/s each at one simulated Lovense Hush (thrum from dist/, \`--operator-port 0\`); a headless Chromium shows a blank page and the console in alternating ${WINDOW_MS / 1000} s windows (${PAIRS} of each; medians). Server CPU is every thread of thrum's process per acknowledged command.`,
    '',
    mdTable(
      ['page', 'server CPU µs/cmd', 'ack p99 ms', 'page draws/s', 'events/s at the page', 'ms per draw'],
      [
        ['blank', fmt(blank), fmt(medianOf(r.windows, false, 'p99'), 2), '–', '–', '–'],
        [
          'console open',
          fmt(open),
          fmt(medianOf(r.windows, true, 'p99'), 2),
          fmt(medianOf(r.windows, true, 'rendersPerSec')),
          fmt(medianOf(r.windows, true, 'eventsPerSec')),
          fmt(medianOf(r.windows, true, 'renderMs'), 2),
        ],
      ],
    ),
    '',
    `CPU per command with the console open ÷ without: **${fmt(open / blank, 3)}×**.`,
  ].join('\n');
}

/** Same shape as report.ts's Target rows. */
export function consoleTargets(
  r: ConsoleResults,
): Array<{ target: string; measured: string; limit: string; met: boolean; by: string }> {
  if (r.skipped || r.windows.length === 0) return [];
  const ratio = medianOf(r.windows, true, 'cpuUsPerCmd') / medianOf(r.windows, false, 'cpuUsPerCmd');
  const draws = Math.max(...r.windows.filter((w) => w.console).map((w) => w.rendersPerSec ?? 0));
  return [
    {
      target: `console open, ${r.clients} clients streaming: server CPU per command vs no console`,
      measured: `${fmt(ratio, 3)}×`,
      limit: `≤ ${CPU_RISE_LIMIT}×`,
      met: ratio <= CPU_RISE_LIMIT,
      by: ratio <= CPU_RISE_LIMIT ? '' : `${fmt((ratio / CPU_RISE_LIMIT - 1) * 100)} %`,
    },
    {
      target: `console open, ${r.clients} clients streaming: page draws per second (highest window)`,
      measured: fmt(draws),
      limit: `≤ ${RENDER_LIMIT_PER_SECOND} (+10 %)`,
      met: draws <= RENDER_LIMIT_PER_SECOND * 1.1,
      by: draws <= RENDER_LIMIT_PER_SECOND * 1.1 ? '' : fmt(draws - RENDER_LIMIT_PER_SECOND),
    },
  ];
}
