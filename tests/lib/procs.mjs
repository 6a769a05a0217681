// Child-process bookkeeping for the gateway library: every daemon runs in its own process
// group, is remembered in one registry, and is killed on stop(), on process exit, on SIGINT/SIGTERM
// and on an uncaught exception. Node built-ins only.

import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';

const running = new Set(); // { child, name }
const started = []; // every process group ever started here: { name, pgid }
const tempDirs = new Set(); // removed on exit unless GG_KEEP_TMP is set
let hooked = false;

/** Remember a temp dir so an interrupted run still removes it. */
export function registerTempDir(dir) { hookExit(); tempDirs.add(dir); }

/** Remove a temp dir now (unless GG_KEEP_TMP is set). */
export function removeTempDir(dir) {
  tempDirs.delete(dir);
  if (!process.env.GG_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: SIGKILL the groups that are still alive.
  process.on('exit', () => {
    for (const r of running) killGroup(r.child, 'SIGKILL');
    for (const d of tempDirs) if (!process.env.GG_KEEP_TMP) fs.rmSync(d, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const r of running) killGroup(r.child, 'SIGKILL');
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
  process.on('uncaughtException', (err) => {
    for (const r of running) killGroup(r.child, 'SIGKILL');
    console.error(err);
    process.exit(1);
  });
}

/**
 * Start a foreground daemon in its own process group; stdout and stderr go to `logFile`.
 * @returns {{child, name, stop(): Promise<void>, output(): string}}
 */
export function spawnDaemon(name, cmd, args, { cwd, env, logFile }) {
  hookExit();
  const fd = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  const entry = { child, name };
  running.add(entry);
  started.push({ name, pgid: child.pid });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('exit', () => running.delete(entry));
  child.on('error', () => {});
  return {
    child,
    name,
    exited,
    output: () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } },
    async stop() {
      killGroup(child, 'SIGTERM');
      const t = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
      await exited;
      clearTimeout(t);
      // Children that left the group (none expected) would survive; kill the group once more.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      running.delete(entry);
    },
  };
}

/** Names of daemons still running (for self-checks). */
export function runningDaemons() {
  return [...running].map((r) => `${r.name}(${r.child.pid})`);
}

/** Every process group this process started (also those already stopped): [{ name, pgid }]. */
export function startedProcessGroups() {
  return started.slice();
}

/** Kill everything still registered. */
export async function stopAllDaemons() {
  for (const r of [...running]) killGroup(r.child, 'SIGKILL');
}

function tryConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => { s.destroy(); resolve(false); });
  });
}

/** Poll until 127.0.0.1:port accepts TCP, or fail early if the daemon exits. */
export async function waitForPort(port, daemon, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  daemon.exited.then(() => { dead = true; });
  while (Date.now() < deadline) {
    if (dead) throw new Error(`${daemon.name} exited before listening on ${port}:\n${daemon.output().slice(-3000)}`);
    if (await tryConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${daemon.name} did not listen on ${port} within ${timeoutMs} ms:\n${daemon.output().slice(-3000)}`);
}

/** First line of `cmd args` output (stdout or stderr), e.g. a version banner. */
export function commandOutput(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return `unavailable (${r.error.code})`;
  return `${r.stdout || ''}${r.stderr || ''}`.trim();
}
