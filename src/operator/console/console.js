// The operator console: plain DOM, no framework. Everything comes from the event WebSocket
// (/api/events: a full snapshot, then changes, and a once-a-second `stats` event with message rates,
// buses, battery and signal), so an open console costs the server no polling. Events only mark the
// view dirty; it is drawn at most RENDER_PER_SECOND times a second, so a room of streaming clients
// cannot flood the browser. Rows are kept per key and updated in place, so a button or slider under
// the pointer is never replaced. A room of a thousand clients shows the first CLIENT_ROWS that match
// the filter: a table of thousands of rows would make every render slow.

const RENDER_PER_SECOND = 10;
const HISTORY_MS = 30_000;
/** Client rows drawn at most; the rest are counted under the table. */
const CLIENT_ROWS = 200;
/** Log lines kept in the page (the server keeps its own 500). */
const LOG_LINES = 500;
const LOG_RANK = { error: 0, warn: 1, info: 2, debug: 3, trace: 4 };
const RECONNECT_MS = 1000;
/** Cap requests while a slider is dragged, at most this often. */
const CAP_SEND_MS = 150;

let state = { clients: [], devices: [], buses: [], held: [], estop: false };
let live = false;
let dirty = true;
/** Render ticks and events received, for tests and the bench: `document.body.dataset.renders`/`.events`. */
let renders = 0;
let received = 0;
/** Milliseconds spent drawing, summed (`document.body.dataset.renderMs`): the bench divides by draws. */
let renderMs = 0;
/** The server's log lines, oldest first: {time, level, message}. */
let logLines = [];
let logDirty = true;
/** Output key → [{t, v}] of the last HISTORY_MS, v as a fraction of the output's range. */
const history = new Map();

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'on') for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// ------------------------------------------------------------------ the API

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  // The cookie is gone or no longer valid: reloading shows the login prompt.
  if (r.status === 401) location.reload();
  const json = await r.json().catch(() => null);
  if (!r.ok) flash(json?.error ?? `${method} ${path}: ${r.status}`);
  return json;
}

function flash(message) {
  const note = $('note');
  note.textContent = message;
  note.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => (note.hidden = true), 5000);
}

function emergencyStop() {
  state.estop = true;
  dirty = true;
  api('POST', '/api/estop');
}

function release() {
  api('POST', '/api/release').then((r) => {
    if (r && r.estop === false) {
      state.estop = false;
      dirty = true;
    }
  });
}

// ------------------------------------------------------------------ live state

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/api/events`);
  ws.onopen = () => {
    live = true;
    dirty = true;
    // What was logged before this connection (or while it was down); live lines follow as events.
    api('GET', '/api/log?limit=200').then((r) => {
      if (!Array.isArray(r?.lines)) return;
      // Lines that arrived as events meanwhile are newer than the answer's last: keep them after it.
      const last = r.lines.at(-1)?.time ?? '';
      logLines = [...r.lines, ...logLines.filter((l) => l.time > last)].slice(-LOG_LINES);
      logDirty = true;
    });
  };
  ws.onmessage = (m) => applyEvent(JSON.parse(m.data));
  ws.onclose = () => {
    live = false;
    dirty = true;
    setTimeout(connect, RECONNECT_MS);
  };
}

const findDevice = (index) => state.devices.find((d) => d.index === index);

function applyEvent(e) {
  received++;
  switch (e.event) {
    case 'state':
      state = e.state;
      break;
    case 'outputChanged': {
      const o = findDevice(e.device)?.outputs.find((x) => x.feature === e.feature && x.output === e.output);
      if (o) Object.assign(o, { value: e.value, requested: e.requested, setBy: e.setBy });
      break;
    }
    case 'clientConnected':
      state.clients = [...state.clients.filter((c) => c.id !== e.client.id), e.client];
      state.held = state.held.filter((h) => h.id !== e.client.id);
      break;
    case 'clientDisconnected':
      state.clients = state.clients.filter((c) => c.id !== e.client.id);
      break;
    case 'deviceAdded':
      state.devices = [...state.devices.filter((d) => d.index !== e.device.index), e.device].sort(
        (a, b) => a.index - b.index,
      );
      break;
    case 'deviceRemoved':
      state.devices = state.devices.filter((d) => d.index !== e.device.index);
      break;
    case 'estopEngaged':
      state.estop = true;
      break;
    case 'estopReleased':
      state.estop = false;
      break;
    case 'capsChanged': {
      const d = findDevice(e.device);
      if (d) d.caps = e.caps;
      break;
    }
    case 'heldChanged':
      state.held = e.held;
      break;
    case 'stats': {
      const rates = new Map(e.rates);
      for (const c of state.clients) c.messageRate = rates.get(c.id) ?? 0;
      state.buses = e.buses;
      if (e.cluster) state.cluster = e.cluster;
      for (const s of e.devices) {
        const d = findDevice(s.index);
        if (d) Object.assign(d, { battery: s.battery, rssi: s.rssi });
      }
      break;
    }
    case 'log':
      logLines.push({ time: e.time, level: e.level, message: e.message });
      if (logLines.length > LOG_LINES) logLines.splice(0, logLines.length - LOG_LINES);
      logDirty = true;
      return; // the log panel has its own dirty flag: a log line redraws nothing else
  }
  dirty = true;
}

// ------------------------------------------------------------------ drawing

/** Each list container's rows by key (a WeakMap: a tbody already has a `rows` property). */
const keyedRows = new WeakMap();

/**
 * Keep `container`'s children one per item, in order: made by `create` the first time a key is
 * seen, refreshed by `update` every time, removed when the key is gone.
 */
function syncList(container, items, keyOf, create, update) {
  let rows = keyedRows.get(container);
  if (!rows) keyedRows.set(container, (rows = new Map()));
  const seen = new Set();
  let before = container.firstChild;
  for (const item of items) {
    const key = keyOf(item);
    seen.add(key);
    let row = rows.get(key);
    if (!row) rows.set(key, (row = create(item)));
    update(row, item);
    if (row !== before) container.insertBefore(row, before);
    before = row.nextSibling;
  }
  for (const [key, row] of rows) {
    if (seen.has(key)) continue;
    row.remove();
    rows.delete(key);
  }
}

const percent = (fraction) => `${Math.round(fraction * 100)}%`;
const outputKey = (device, o) => `${device.index}/${o.feature}/${o.output}`;
const fractionOf = (o) => (o.range[1] > 0 ? o.value / o.range[1] : 0);
const clientName = (id) => state.clients.find((c) => c.id === id)?.name ?? `client ${id}`;
const since = (iso) => new Date(iso).toLocaleTimeString();

function sampleHistory(now) {
  for (const d of state.devices) {
    for (const o of d.outputs) {
      const key = outputKey(d, o);
      let h = history.get(key);
      if (!h) history.set(key, (h = []));
      h.push({ t: now, v: fractionOf(o) });
      while (h.length > 0 && h[0].t < now - HISTORY_MS) h.shift();
    }
  }
}

function drawSparkline(canvas, points, now) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  if (points.length === 0) return;
  ctx.beginPath();
  points.forEach((p, i) => {
    const x = width - ((now - p.t) / HISTORY_MS) * width;
    const y = height - 1 - p.v * (height - 2);
    if (i === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.strokeStyle = '#4fc3f7';
  ctx.lineWidth = 1.5;
  ctx.stroke();
}

function deviceCap(d) {
  const whole = d.caps.find((c) => c.feature === undefined && c.output === undefined);
  return whole ? whole.cap : 1;
}

/** A cap slider sends while dragged (at most every CAP_SEND_MS) and once more when let go. */
function capSlider(index) {
  const input = el('input', {
    type: 'range',
    min: '0',
    max: '100',
    step: '1',
    class: 'cap',
    'aria-label': 'cap',
  });
  let timer = null;
  const send = () => {
    timer = null;
    const cap = Number(input.value) / 100;
    if (cap >= 1) api('DELETE', `/api/devices/${index}/cap`);
    else api('POST', `/api/devices/${index}/cap`, { cap });
  };
  input.addEventListener('input', () => {
    input.dataset.busy = '1';
    timer ??= setTimeout(send, CAP_SEND_MS);
  });
  input.addEventListener('change', () => {
    clearTimeout(timer);
    send();
    // The server's answer comes back as capsChanged; until then keep what the operator chose.
    setTimeout(() => delete input.dataset.busy, 1000);
  });
  return input;
}

function createDevice(d) {
  const card = el('article', { class: 'device' });
  card.dataset.device = String(d.index);
  card.append(
    el(
      'header',
      {},
      el('h3', { class: 'name' }),
      el(
        'button',
        { class: 'stop', on: { click: () => api('POST', `/api/devices/${d.index}/stop`) } },
        'Stop',
      ),
    ),
    el('div', { class: 'meta' }),
    el('div', { class: 'outputs' }),
    el('label', { class: 'cap-row' }, 'cap ', capSlider(d.index), el('output', { class: 'cap-value' })),
  );
  return card;
}

function createOutput() {
  return el(
    'div',
    { class: 'output' },
    el('span', { class: 'label' }),
    el('div', { class: 'bar' }, el('div', { class: 'fill' })),
    el('span', { class: 'level' }),
    el('canvas', { class: 'spark', width: 150, height: 28 }),
    el('span', { class: 'setby' }),
  );
}

function updateDevice(card, d, now) {
  setText(card.querySelector('.name'), d.name);
  const battery = d.battery ? ` · battery ${percent(d.battery.level)}` : '';
  const signal = d.rssi ? ` · signal ${d.rssi.value} dBm` : '';
  setText(
    card.querySelector('.meta'),
    `#${d.index} · ${d.identity.protocol} · ${d.bus} · ${d.identity.address}${battery}${signal}`,
  );
  syncList(
    card.querySelector('.outputs'),
    d.outputs,
    (o) => `${o.feature}/${o.output}`,
    createOutput,
    (row, o) => {
      const f = fractionOf(o);
      setText(row.querySelector('.label'), `${o.output} ${o.feature}`);
      row.querySelector('.fill').style.width = percent(f);
      row.classList.toggle('capped', o.cap !== null);
      setText(row.querySelector('.level'), `${o.value}/${o.range[1]}`);
      setText(row.querySelector('.setby'), o.setBy === null ? '' : `by ${clientName(o.setBy)}`);
      drawSparkline(row.querySelector('.spark'), history.get(outputKey(d, o)) ?? [], now);
    },
  );
  const cap = deviceCap(d);
  const slider = card.querySelector('.cap');
  if (!slider.dataset.busy) slider.value = String(Math.round(cap * 100));
  setText(card.querySelector('.cap-value'), percent(Number(slider.value) / 100));
}

function createClient(c) {
  return el(
    'tr',
    {},
    el('td', { class: 'name' }),
    el('td', { class: 'spec' }),
    el('td', { class: 'role' }),
    el('td', { class: 'address' }),
    el('td', { class: 'since' }),
    el('td', { class: 'rate' }),
    el('td', { class: 'drives' }),
    el(
      'td',
      {},
      el('button', { class: 'kick', on: { click: () => api('POST', `/api/clients/${c.id}/kick`) } }, 'Kick'),
    ),
  );
}

/** What each client drives now, from the devices' outputs (kept live by outputChanged). */
function drivenByClient() {
  const drives = new Map();
  for (const d of state.devices) {
    for (const o of d.outputs) {
      if (o.setBy === null) continue;
      let list = drives.get(o.setBy);
      if (!list) drives.set(o.setBy, (list = []));
      list.push(`#${d.index} ${o.output} ${o.feature}: ${o.value}`);
    }
  }
  return drives;
}

function updateClient(row, c, drives) {
  row.dataset.client = String(c.id);
  setText(row.querySelector('.name'), c.name);
  setText(row.querySelector('.spec'), `v${c.specVersion}`);
  setText(row.querySelector('.role'), c.role ?? '—');
  setText(row.querySelector('.address'), [c.address, c.origin].filter(Boolean).join(' · '));
  setText(row.querySelector('.since'), since(c.connectedSince));
  setText(row.querySelector('.rate'), String(c.messageRate));
  setText(row.querySelector('.drives'), drives.get(c.id)?.join(', ') || '—');
}

/** The clients the filter box matches (name, role, address, origin), the first CLIENT_ROWS of them. */
function shownClients() {
  const needle = $('client-filter').value.trim().toLowerCase();
  const matching =
    needle === ''
      ? state.clients
      : state.clients.filter((c) =>
          [c.name, c.role, c.address, c.origin].some((f) => f?.toLowerCase().includes(needle)),
        );
  const hidden = matching.length - CLIENT_ROWS;
  setText($('clients-more'), hidden > 0 ? `…and ${hidden} more (filter to find them)` : '');
  return matching.length > CLIENT_ROWS ? matching.slice(0, CLIENT_ROWS) : matching;
}

function renderLog() {
  logDirty = false;
  const rank = LOG_RANK[$('log-level').value] ?? 4;
  const needle = $('log-filter').value.trim().toLowerCase();
  const shown = logLines.filter(
    (l) => LOG_RANK[l.level] <= rank && (needle === '' || l.message.toLowerCase().includes(needle)),
  );
  const box = $('log');
  const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  box.replaceChildren(
    ...shown.map((l) =>
      el(
        'div',
        { class: `line ${l.level}` },
        el('time', {}, new Date(l.time).toLocaleTimeString()),
        ` ${l.level.toUpperCase()} `,
        l.message,
      ),
    ),
  );
  // Follow new lines unless the operator scrolled up to read.
  if (atBottom) box.scrollTop = box.scrollHeight;
}

function createHeld(h) {
  const remember = el('input', { type: 'checkbox', class: 'remember' });
  const decide = (what) => () => api('POST', `/api/clients/${h.id}/${what}`, { remember: remember.checked });
  return el(
    'div',
    { class: 'held' },
    el('span', { class: 'name' }),
    el('span', { class: 'address' }),
    el('label', {}, remember, ' remember'),
    el('button', { class: 'admit', on: { click: decide('admit') } }, 'Admit'),
    el('button', { class: 'deny', on: { click: decide('deny') } }, 'Deny'),
  );
}

function updateHeld(row, h) {
  row.dataset.held = String(h.id);
  setText(row.querySelector('.name'), h.name);
  setText(
    row.querySelector('.address'),
    `${[h.address, h.origin].filter(Boolean).join(' · ')}, waiting since ${since(h.since)}`,
  );
}

function createBus() {
  return el(
    'tr',
    {},
    el('td', { class: 'name' }),
    el('td', { class: 'state' }),
    el('td', { class: 'crashes' }),
    el('td', { class: 'writes' }),
  );
}

function updateBus(row, b) {
  setText(row.querySelector('.name'), b.name);
  setText(row.querySelector('.state'), b.listening ? `${b.state} (${b.listening})` : b.state);
  row.querySelector('.state').className = `state ${b.state}`;
  setText(row.querySelector('.crashes'), `${b.crashes} restarts`);
  setText(row.querySelector('.writes'), `${b.writes} writes`);
}

// A cluster stage lists its edges (docs/cluster.md); from the state, then the once-a-second stats event.
function createEdge() {
  return el(
    'tr',
    {},
    el('td', { class: 'name' }),
    el('td', { class: 'state' }),
    el('td', { class: 'clients' }),
    el('td', { class: 'intents' }),
  );
}

function updateEdge(row, e) {
  setText(row.querySelector('.name'), e.name);
  setText(
    row.querySelector('.state'),
    e.link === 'up' ? 'up' : `lost (silent ${Math.round(e.silentMs / 1000)} s)`,
  );
  row.querySelector('.state').className = `state ${e.link === 'up' ? 'ready' : 'crashed'}`;
  setText(row.querySelector('.clients'), String(e.clients));
  setText(row.querySelector('.intents'), String(e.intents));
}

function renderCluster() {
  const cluster = state.cluster;
  $('edges-section').hidden = !cluster || cluster.role !== 'stage';
  if (!cluster || cluster.role !== 'stage') return;
  const total = cluster.edges.reduce((n, e) => n + e.clients, 0);
  setText($('cluster-room'), `room ${cluster.room} · NATS ${cluster.nats} · ${total} clients on edges`);
  syncList($('edges'), cluster.edges, (e) => e.id, createEdge, updateEdge);
}

function render() {
  const now = performance.now();
  renders++;
  document.body.dataset.renders = String(renders);
  drawAll(now);
  renderMs += performance.now() - now;
  document.body.dataset.renderMs = renderMs.toFixed(1);
}

function drawAll(now) {
  sampleHistory(now);
  document.body.classList.toggle('latched', state.estop);
  $('latch').hidden = !state.estop;
  setText($('link'), live ? 'live' : 'reconnecting…');
  $('link').classList.toggle('down', !live);
  setText(
    $('summary'),
    `${state.clients.length} clients · ${state.devices.length} devices · ${state.held.length} held`,
  );
  syncList(
    $('devices'),
    state.devices,
    (d) => d.index,
    createDevice,
    (card, d) => updateDevice(card, d, now),
  );
  const drives = drivenByClient();
  syncList(
    $('clients'),
    shownClients(),
    (c) => c.id,
    createClient,
    (row, c) => updateClient(row, c, drives),
  );
  syncList($('held'), state.held, (h) => h.id, createHeld, updateHeld);
  syncList($('buses'), state.buses, (b) => b.name, createBus, updateBus);
  document.body.dataset.events = String(received);
  renderCluster();
}

/** One frame per tick at most; sparklines move with time, so a tick with history redraws too. */
function tick() {
  if (dirty || history.size > 0) {
    dirty = false;
    requestAnimationFrame(render);
  }
  if (logDirty) requestAnimationFrame(renderLog);
}

// ------------------------------------------------------------------ controls

function isTyping(target) {
  return target instanceof HTMLInputElement && (target.type === 'text' || target.type === 'password');
}

document.addEventListener('keydown', (e) => {
  // Space or Escape stops everything, wherever the focus is (but a text field keeps its space).
  if (e.key === 'Escape' || (e.key === ' ' && !isTyping(e.target))) {
    e.preventDefault();
    emergencyStop();
  }
});

$('estop').addEventListener('click', emergencyStop);
$('release').addEventListener('click', release);
$('scan-start').addEventListener('click', () =>
  api('POST', '/api/scanning/start').then((r) => r && flash('scanning')),
);
$('scan-stop').addEventListener('click', () =>
  api('POST', '/api/scanning/stop').then((r) => r && flash('scanning stopped')),
);

for (const id of ['log-level', 'log-filter']) $(id).addEventListener('input', () => (logDirty = true));
$('client-filter').addEventListener('input', () => (dirty = true));

connect();
setInterval(tick, 1000 / RENDER_PER_SECOND);
