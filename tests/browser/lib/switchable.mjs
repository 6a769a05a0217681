// A backend whose answer the test switches at runtime: the app's own 503 with Retry-After, a healthy
// page, or down (the port refuses, so the gateway in front answers 502). Records every request.
import http from 'node:http';
import { startGateway } from '../../lib/gateways.mjs';

export async function startSwitchableBackend(mode = 'down') {
  const requests = [];
  let state = mode;
  let server = null;
  let port = 0;
  const handler = (req, res) => {
    requests.push({ at: Date.now(), method: req.method, url: req.url, cacheControl: req.headers['cache-control'] ?? null });
    req.resume();
    if (state === 'unavailable') {
      res.writeHead(503, { 'Content-Type': 'text/html', 'Retry-After': '4' });
      res.end('<!doctype html><title>Down for maintenance</title><h1>We will be back shortly</h1>');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Cache-Control': 'no-store' });
      res.end('<!doctype html><title>Shop</title><h1>Welcome back</h1>');
    }
  };
  const open = () =>
    new Promise((resolve, reject) => {
      server = http.createServer(handler);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        resolve();
      });
    });
  const close = () =>
    new Promise((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections?.();
      server.close(() => resolve());
      server = null;
    });
  await open();
  if (mode === 'down') await close();
  return {
    get port() {
      return port;
    },
    tls: false,
    requests,
    /** 'unavailable' (503 + Retry-After: 4), 'healthy' (200) or 'down' (refuses connections). */
    async set(next) {
      if (next === 'down') await close();
      else if (!server) await open();
      state = next;
    },
    stop: close,
  };
}

/**
 * The usual set-up of a test: a switchable backend in `mode` behind a real nginx, both stopped when the
 * test `t` ends. `gatewayOptions` go to startGateway (e.g. `{ http2: { cert, key } }`). Resolves with
 * { backend, gateway }.
 */
export async function behindNginx(t, mode, gatewayOptions = {}) {
  const backend = await startSwitchableBackend(mode);
  t.after(() => backend.stop());
  const gateway = await startGateway('nginx', backend, gatewayOptions);
  t.after(() => gateway.stop());
  return { backend, gateway };
}
