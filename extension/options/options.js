// Options page: the settings with their bounds, and the incident history as a timeline (SVG, one row per
// site), a table, filters, export and clear. Settings are stored as the core reads them (storage.local
// 'settings', crates/core/src/pacing/settings.rs); the core clamps them again, so a bound here is for the
// user's sake, not the only guard. The history comes from the background, normalized by the core.
import { api } from '../lib/platform.js';
import { MSG } from '../lib/messages.js';
import { t, localize, el, vendorName, formatDateTime, formatDuration, formatStatuses } from '../lib/i18n.js';
import { FIELDS, severity, toStored, toShown } from './fields.js';
import { renderTimeline } from './timeline.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const $ = (id) => document.getElementById(id);

localize(document);

// --- settings --------------------------------------------------------------------------------------------
const readSettings = async () => (await api.storage.local.get('settings')).settings ?? {};

/** Read-modify-write: other parts of the extension keep their own keys in the same object. */
async function updateSettings(change) {
  const current = await readSettings();
  await api.storage.local.set({ settings: { ...current, ...change } });
  $('settings-status').textContent = t('optSaved');
}

function numberField(field, stored) {
  const wrap = el('div', { class: 'field' });
  const id = `field-${field.key}`;
  const label = el('label', { for: id }, t(field.label));
  const input = el('input', {
    id, name: field.key, type: 'number', inputmode: 'numeric', min: String(field.min), max: String(field.max), step: '1',
    'aria-describedby': `${id}-bounds ${id}-error`,
  });
  input.value = String(toShown(field, stored[field.key]));
  const bounds = el('p', { class: 'bounds', id: `${id}-bounds` }, t('optBounds', [String(field.min), String(field.max)]));
  const error = el('p', { class: 'error', id: `${id}-error` });
  input.addEventListener('change', async () => {
    const value = Number(input.value);
    if (!Number.isInteger(value) || value < field.min || value > field.max) {
      input.setAttribute('aria-invalid', 'true');
      error.textContent = t('optInvalid', [String(field.min), String(field.max)]);
      $('settings-status').textContent = error.textContent;
      return;
    }
    input.removeAttribute('aria-invalid');
    error.textContent = '';
    await updateSettings({ [field.key]: toStored(field, value) });
  });
  wrap.append(label, input, bounds, error);
  return wrap;
}

function showDisabledSites(settings) {
  const list = $('disabled-sites');
  list.replaceChildren();
  const origins = Array.isArray(settings.disabledOrigins) ? settings.disabledOrigins : [];
  if (origins.length === 0) list.append(el('li', {}, t('optNoDisabledSites')));
  for (const origin of origins) {
    const li = el('li', {}, `${origin} `);
    const button = el('button', { type: 'button', class: 'link' }, t('optEnableSite', [origin]));
    button.addEventListener('click', async () => {
      const current = await readSettings();
      const rest = (current.disabledOrigins ?? []).filter((o) => o !== origin);
      await updateSettings({ disabledOrigins: rest });
      showDisabledSites({ ...current, disabledOrigins: rest });
    });
    li.append(button);
    list.append(li);
  }
}

async function showSettings() {
  const settings = await readSettings();
  const form = $('settings');
  for (const field of FIELDS) $(field.group).append(numberField(field, settings));
  for (const key of ['autoRetry', 'notifyOnRecovery']) {
    const box = form.elements[key];
    box.checked = settings[key] !== false;
    box.addEventListener('change', () => void updateSettings({ [key]: box.checked }));
  }
  showDisabledSites(settings);
}

// --- history ---------------------------------------------------------------------------------------------
let history = { version: 1, incidents: [] };

const host = (origin) => {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
};

function filtered() {
  const site = $('filter-site').value;
  const days = Number($('filter-range').value) || 30;
  const status = $('filter-status').value;
  const now = Date.now();
  const from = now - days * DAY_MS;
  const incidents = history.incidents.filter(
    (i) => i.endMs >= from && (!site || i.origin === site) && (!status || severity(i.statuses) === status),
  );
  return { incidents, from, to: now, days };
}

function showSiteOptions() {
  const select = $('filter-site');
  const chosen = select.value;
  for (const option of [...select.options].slice(1)) option.remove();
  for (const origin of [...new Set(history.incidents.map((i) => i.origin))].sort()) {
    select.append(el('option', { value: origin }, host(origin)));
  }
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : '';
}

function showTable(incidents) {
  const body = $('incidents').tBodies[0];
  body.replaceChildren();
  for (const i of [...incidents].reverse()) {
    const row = el('tr', { class: `incident ${severity(i.statuses)}` });
    const cause = `${vendorName({ vendor: i.vendor, generated_by: 'unknown' })}: ${t(`failure_${i.failure}`)}`;
    row.append(
      el('td', {}, host(i.origin)),
      el('td', {}, formatDateTime(i.startMs)),
      el('td', {}, formatDuration(i.endMs - i.startMs)),
      el('td', {}, formatStatuses(i.statuses)),
      el('td', {}, cause),
      el('td', {}, new Intl.NumberFormat(document.documentElement.lang).format(i.attempts)),
    );
    body.append(row);
  }
}

function showHistory() {
  const view = filtered();
  $('history-empty').hidden = view.incidents.length > 0;
  $('timeline-figure').hidden = view.incidents.length === 0;
  $('incidents').hidden = view.incidents.length === 0;
  renderTimeline($('timeline'), view, { host, t, formatDateTime, formatDuration, formatStatuses, severity });
  showTable(view.incidents);
}

async function loadHistory() {
  const reply = await api.runtime.sendMessage({ type: MSG.HISTORY, action: 'get' });
  history = reply?.history ?? { version: 1, incidents: [] };
  showSiteOptions();
  showHistory();
}

/** Saves `text` as a file through a download link (no extra permission needed). */
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const stamp = () => new Date().toISOString().slice(0, 10);

function wireHistory() {
  for (const id of ['filter-site', 'filter-range', 'filter-status']) $(id).addEventListener('change', showHistory);
  $('export-json').addEventListener('click', () =>
    download(`gateway-guard-incidents-${stamp()}.json`, 'application/json', `${JSON.stringify(history, null, 2)}\n`),
  );
  $('export-csv').addEventListener('click', async () => {
    const reply = await api.runtime.sendMessage({ type: MSG.HISTORY, action: 'csv' });
    download(`gateway-guard-incidents-${stamp()}.csv`, 'text/csv', reply?.csv ?? '');
  });
  $('clear').addEventListener('click', () => {
    $('clear-confirm').hidden = false;
    $('clear-no').focus();
  });
  $('clear-no').addEventListener('click', () => {
    $('clear-confirm').hidden = true;
    $('clear').focus();
  });
  $('clear-yes').addEventListener('click', async () => {
    await api.runtime.sendMessage({ type: MSG.HISTORY, action: 'clear' });
    $('clear-confirm').hidden = true;
    $('history-status').textContent = t('historyCleared');
    $('clear').focus();
    await loadHistory();
  });
  // A recovery recorded while the page is open shows up at once.
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.incidents) void loadHistory();
  });
}

showSettings().catch((e) => console.error('gateway-guard options:', e));
wireHistory();
loadHistory().catch((e) => console.error('gateway-guard options:', e));
