// The local context the diagnosis needs: the address that last served a host successfully, and how many
// unrelated hosts failed in the last minute. Both are bounded.
import { api, sessionArea } from '../lib/platform.js';
import { readChecked, isPlainObject, arrayOf } from './stored.js';

const GOOD_IPS = 'goodIps';
const MAX_HOSTS = 500;
const RECENT = 'recentFailures';
const WINDOW_MS = 60_000;
const MAX_RECENT = 200;

const isIpMap = (v) =>
  isPlainObject(v) && Object.keys(v).length <= MAX_HOSTS * 2 && Object.values(v).every((ip) => typeof ip === 'string');
const isRecent = arrayOf(MAX_RECENT * 2, (f) => isPlainObject(f) && typeof f.host === 'string' && Number.isFinite(f.at));
const goodIps = () => readChecked(api.storage.local, GOOD_IPS, isIpMap, {});

// Events arrive concurrently: each read-modify-write of these keys runs after the previous one, or
// simultaneous failures of several sites would overwrite each other's note.
let queue = Promise.resolve();
function serialized(fn) {
  const run = queue.then(fn);
  queue = run.catch(() => {});
  return run;
}

// host -> IP as last read from storage, so that a healthy load of a site whose address did not change
// makes no storage call (tests/bench). Filled only from a read that no write of ours overtook (the
// background is this key's one writer; known.js says why there is no storage.onChanged listener): each
// write empties it, and a read started before a write does not fill it.
const seen = new Map();
let changes = 0;

/** Remembers the IP that served `host` successfully (most recent hosts kept). */
export function rememberGoodIp(host, ip) {
  if (!host || !ip) return Promise.resolve();
  return serialized(async () => {
    if (seen.get(host) === ip) return;
    const before = changes;
    const map = await goodIps();
    if (map[host] === ip) {
      if (changes === before && seen.size < MAX_HOSTS) seen.set(host, ip);
      return;
    }
    delete map[host];
    map[host] = ip;
    const hosts = Object.keys(map);
    for (const old of hosts.slice(0, Math.max(0, hosts.length - MAX_HOSTS))) delete map[old];
    changes += 1; // a read already under way must not fill the cache
    seen.clear();
    await api.storage.local.set({ [GOOD_IPS]: map });
  });
}

export async function lastGoodIp(host) {
  return (await goodIps())[host] ?? null;
}

/** Notes a failure of `host` at `now` and returns how many *other* hosts failed in the last minute. */
export function noteFailureAndCountOthers(host, now) {
  return serialized(async () => {
    const stored = await readChecked(sessionArea, RECENT, isRecent, []);
    const recent = stored.filter((f) => now - f.at < WINDOW_MS && f.host !== host);
    const others = new Set(recent.map((f) => f.host)).size;
    recent.push({ host, at: now });
    await sessionArea.set({ [RECENT]: recent.slice(-MAX_RECENT) });
    return others;
  });
}
