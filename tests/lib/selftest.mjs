#!/usr/bin/env node
// Self-check of the scenario library: start each scenario, fetch it once, compare the status with the
// expected one, stop it; then verify with `ps` that no process this run started is still alive.
//
// Usage: node tests/lib/selftest.mjs [name-or-prefix ...]      (default: all scenarios)
// Exit status 1 on a mismatch, a start failure or a leftover process.

import { execFileSync } from 'node:child_process';
import { SCENARIOS, startScenario } from './scenarios.mjs';
import { captureEntry } from './har.mjs';
import { startedProcessGroups } from './procs.mjs';

const filters = process.argv.slice(2);
const selected = filters.length
  ? SCENARIOS.filter((s) => filters.some((f) => s.name === f || s.name.startsWith(f)))
  : SCENARIOS;

let failures = 0;
console.log(`${'scenario'.padEnd(30)} ${'status'.padEnd(6)} ${'server'.padEnd(26)} result`);
for (const s of selected) {
  let run;
  try {
    run = await startScenario(s.name);
    const entry = await captureEntry(run.url);
    const res = entry.response;
    const server = (res.headers.find((h) => h.name.toLowerCase() === 'server') || {}).value || '-';
    const ok = res.status === s.expected.status;
    if (!ok) failures += 1;
    const note = ok ? 'ok' : `MISMATCH (expected ${s.expected.status})`;
    console.log(`${s.name.padEnd(30)} ${String(res.status).padEnd(6)} ${server.padEnd(26)} ${note}${res._error ? ` ${res._error}` : ''}`);
  } catch (err) {
    failures += 1;
    console.log(`${s.name.padEnd(30)} -      -                          START FAILED: ${err.message.split('\n')[0]}`);
  } finally {
    if (run) await run.stop();
  }
}

// Leftovers: any live process in a process group this run started, or any child of this process.
// (Not "any process using a gg-nginx-* dir": other test runs use this library at the same time.)
const groups = new Map(startedProcessGroups().map((g) => [g.pgid, g.name]));
const ps = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' });
const leftovers = ps.split('\n').map((l) => l.trim()).filter(Boolean).filter((line) => {
  const [pid, ppid, pgid, ...args] = line.split(/\s+/);
  if (Number(pid) === process.pid || args[0] === 'ps') return false;
  return groups.has(Number(pgid)) || Number(ppid) === process.pid;
});
console.log(`\n${selected.length - failures}/${selected.length} scenarios gave the expected status; ` +
  `${groups.size} process groups started, ${leftovers.length} processes left running`);
for (const l of leftovers) console.log(`  LEFT RUNNING: ${l}`);
process.exit(failures || leftovers.length ? 1 : 0);
