// Misbehaving upstreams for gateway tests. Node built-ins only.
//
//   import { startBackend, BACKEND_KINDS } from './backends.mjs';
//   const b = await startBackend('hang');   // -> { kind, port, url, tls, requests, stop() }
//   ... point a gateway at 127.0.0.1:b.port ...
//   b.requests  // [{ at: epoch ms, line: 'GET / HTTP/1.0' }] one per request (or connection, for raw kinds)
//   await b.stop();
//
// Kinds:
//   refused              nothing listens: a port was bound, closed and handed back
//   hang                 accepts and reads, never answers
//   close_early          reads the request, then closes (FIN) without a byte of response
//   reset                reads the request, then sends RST (socket.resetAndDestroy())
//   garbage              reads the request, answers non-HTTP bytes and closes
//   bad_header           reads the request, answers a valid status line followed by a malformed header
//                        line (no colon, a NUL byte) and closes: an invalid HTTP response
//   tls_fail             a plain HTTP server; the gateway is told to speak TLS to it (tls: true),
//                        so the handshake fails (the server answers the ClientHello with an HTTP 400)
//   app_500              a Node http app answering its own 500 error page
//   app_503_retry_after  a Node http app answering its own 503 page with Retry-After: 4
//   healthy              200 page
//   flappy               healthy, switchable at runtime: down() closes the port (refused), up() reopens it
//                        on the same port; isUp tells which. stop() = down for good.
//   shop                 a checkout page (GET /) with a real card form (autocomplete cc-*) that POSTs to
//                        /pay; answers "Thank you for your order" to the POST when it gets there (the
//                        nginx `pay_refused` variant sends /pay elsewhere, so the POST fails at nginx)
//
// Everything listens on 127.0.0.1 only, on an ephemeral port.

import net from 'node:net';
import http from 'node:http';

export const BACKEND_KINDS = [
  'refused', 'hang', 'close_early', 'reset', 'garbage', 'bad_header', 'tls_fail',
  'app_500', 'app_503_retry_after', 'healthy', 'flappy', 'shop',
];

const HOST = '127.0.0.1';

/** A port that is free right now (bound to 127.0.0.1:0, then closed). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

/** Tracks sockets so stop() can destroy them; close() alone waits for open connections. */
function trackSockets(server) {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {}); // peers (gateways) abort; never crash the test on that
  });
  return async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(() => r()));
  };
}

/** First request line of a raw chunk, for the request log. */
function firstLine(chunk) {
  const text = chunk.toString('latin1');
  const end = text.indexOf('\r\n');
  return (end >= 0 ? text.slice(0, end) : text.slice(0, 80)).replace(/[^\x20-\x7e]/g, '.');
}

/** A raw TCP backend: `onRequest(socket)` runs once the first request bytes arrived. */
async function rawBackend(kind, onRequest) {
  const requests = [];
  const server = net.createServer((socket) => {
    // Wait for the end of the request head so the gateway has really sent its request.
    // Only GETs are expected, so the head is the whole request.
    let head = Buffer.alloc(0);
    const onData = (chunk) => {
      head = Buffer.concat([head, chunk]);
      if (!head.includes('\r\n\r\n') && head.length < 16384) return;
      socket.off('data', onData);
      socket.on('data', () => {}); // keep reading so the peer's writes never block
      requests.push({ at: Date.now(), line: firstLine(head) });
      onRequest(socket);
    };
    socket.on('data', onData);
  });
  const close = trackSockets(server);
  const port = await listen(server);
  return { kind, port, url: `http://${HOST}:${port}/`, tls: false, requests, stop: close };
}

function page(title, text) {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n` +
    `<body>\n<h1>${title}</h1>\n<p>${text}</p>\n</body>\n</html>\n`;
}

/** A real Node http app. `respond(req, res)` writes the answer. */
async function httpBackend(kind, respond, port = 0) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ at: Date.now(), line: `${req.method} ${req.url} HTTP/${req.httpVersion}` });
    req.resume();
    respond(req, res);
  });
  server.keepAliveTimeout = 1000;
  const close = trackSockets(server);
  const boundPort = await listen(server, port);
  return { kind, port: boundPort, url: `http://${HOST}:${boundPort}/`, tls: false, requests, stop: close, server };
}

function send(res, status, body, extra = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const healthyPage = page('Example shop', 'Welcome. Everything is working.');

// A checkout step as real shops build it: autocomplete tokens the browser (and the guard) recognise.
const checkoutPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Checkout - Example shop</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; }
  label { display: block; margin: .6rem 0; } input { display: block; width: 100%; padding: .4rem; }
  .row { display: flex; gap: 1rem; } .row label { flex: 1; }
  button { margin-top: 1rem; padding: .6rem 1.4rem; font-size: 1rem; }
</style></head>
<body>
<h1>Checkout</h1>
<p>1 × Espresso machine — <strong>€249.00</strong></p>
<form id="payment" method="post" action="/pay">
  <label>Name on card <input name="cc-name" autocomplete="cc-name" value="Ada Lovelace"></label>
  <label>Card number <input name="cardnumber" autocomplete="cc-number" inputmode="numeric" value="4242 4242 4242 4242"></label>
  <div class="row">
    <label>Expiry <input name="cc-exp" autocomplete="cc-exp" placeholder="MM/YY" value="12/30"></label>
    <label>Security code <input name="cvc" autocomplete="cc-csc" inputmode="numeric" value="123"></label>
  </div>
  <input type="hidden" name="amount" value="249.00">
  <button id="place-order" type="submit">Place order</button>
</form>
</body>
</html>
`;

function shop(req, res) {
  const path = req.url.split('?')[0];
  if (req.method === 'POST' && path === '/pay') {
    return send(res, 200, page('Thank you for your order', 'Your payment was accepted.'));
  }
  if (req.method === 'GET' && (path === '/' || path === '/checkout')) return send(res, 200, checkoutPage);
  return send(res, 404, page('Not found', 'No such page.'));
}

const RESPONDERS = {
  app_500: (req, res) => send(res, 500, page('Something went wrong',
    'Our application hit an unexpected error while handling your request. Error id 7f3a.')),
  app_503_retry_after: (req, res) => send(res, 503, page('Down for maintenance',
    'We are upgrading the shop. Please come back in a few seconds.'), { 'Retry-After': '4' }),
  healthy: (req, res) => send(res, 200, healthyPage),
  tls_fail: (req, res) => send(res, 200, healthyPage), // never reached over TLS: Node answers 400 to the ClientHello
};

async function flappyBackend() {
  const requests = [];
  const handler = (req, res) => {
    requests.push({ at: Date.now(), line: `${req.method} ${req.url} HTTP/${req.httpVersion}` });
    req.resume();
    RESPONDERS.healthy(req, res);
  };
  // Each incarnation of the server logs into the shared `requests` array.
  const open = async (port) => {
    const b = await httpBackend('flappy', RESPONDERS.healthy, port);
    b.server.removeAllListeners('request');
    b.server.on('request', handler);
    return b;
  };
  let current = await open(0);
  const port = current.port;
  const api = {
    kind: 'flappy', port, url: `http://${HOST}:${port}/`, tls: false, requests,
    get isUp() { return current !== null; },
    async down() { if (current) { const c = current; current = null; await c.stop(); } },
    async up() {
      if (current) return;
      current = await open(port);
    },
  };
  api.start = api.up;
  api.stop = api.down;
  return api;
}

/**
 * Start a backend of the given kind.
 * @param {string} kind one of BACKEND_KINDS
 * @returns {Promise<{kind:string, port:number, url:string, tls:boolean, requests:{at:number,line:string}[], stop():Promise<void>}>}
 */
export async function startBackend(kind) {
  switch (kind) {
    case 'refused': {
      const port = await freePort();
      return { kind, port, url: `http://${HOST}:${port}/`, tls: false, requests: [], stop: async () => {} };
    }
    case 'hang':
      return rawBackend(kind, () => {});
    case 'close_early':
      return rawBackend(kind, (s) => s.end());
    case 'reset':
      return rawBackend(kind, (s) => s.resetAndDestroy());
    case 'garbage':
      return rawBackend(kind, (s) => s.end(Buffer.from('\x00\x01\x02 SSH-2.0-garbage \xff\xfe not http at all\r\n\r\n', 'latin1')));
    case 'bad_header':
      return rawBackend(kind, (s) => s.end(Buffer.from(
        'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nThis line is not a header\x00\r\n' +
        'Content-Length: 2\r\n\r\nok', 'latin1')));
    case 'tls_fail': {
      const b = await httpBackend(kind, RESPONDERS.tls_fail);
      // The gateway will send a TLS ClientHello; count those connections too.
      b.server.on('connection', (s) => s.once('data', (c) => {
        if (c[0] === 0x16) b.requests.push({ at: Date.now(), line: 'TLS ClientHello' });
      }));
      b.tls = true;
      b.url = `https://${HOST}:${b.port}/`;
      return b;
    }
    case 'app_500':
    case 'app_503_retry_after':
    case 'healthy':
      return httpBackend(kind, RESPONDERS[kind]);
    case 'flappy':
      return flappyBackend();
    case 'shop':
      return httpBackend(kind, shop);
    default:
      throw new Error(`unknown backend kind: ${kind}`);
  }
}
