// A hostile HTTP server for the security tests: every route answers a 5xx built to trip the extension up.
// It is a raw `net` server on 127.0.0.1 (not node:http) so it can send exactly the bytes it means: header
// values with invalid UTF-8, hundreds of headers, values node:http would refuse to write.
//
//   const hostile = await startHostileServer();
//   hostile.url('/html-headers')      // http://127.0.0.1:PORT/html-headers
//   hostile.requests                  // [{ at, method, path }]
//   await hostile.stop();             // closes every socket, including never-ending bodies
//
// Routes (GET/HEAD; anything else is a 404). Which of them the tests put behind nginx: nginx passes an
// upstream 5xx through with its headers and body, so Retry-After, fake vendor bodies and the 10 MB body go
// through a real nginx; the header cases go direct, because nginx hides the upstream Server header, cuts
// hundreds of headers or a 100 KB value ("upstream sent too big header" -> its own 502) and so would
// sanitize exactly what is under test; the slow body goes direct so that nothing buffers it.
//
//   /html-headers        502; Server, Via, X-Cache, Retry-After carry <script>/<img onerror>/<svg onload>
//   /long-header         502; a 100 KB header value and an 8 KB Via with markup at its end
//   /many-headers        502; 400 headers with markup in names' values
//   /bad-utf8            502; header values and body with invalid UTF-8 byte sequences
//   /retry-after?v=...   503 with `Retry-After: <v>` (v percent-decoded to raw bytes)
//   /fake-vendor         502; body with several vendors' markers and <script> inside <title>
//   /big                 502; a 10 MB HTML body (with a Content-Length)
//   /slow                502; a chunked body that trickles 16 bytes every 200 ms and never ends (until the
//                        client closes the socket; `slowStreams` counts those still open)
import net from 'node:net';

/** The sentinel every payload tries to set; the tests assert it stays undefined everywhere. */
export const SENTINEL = '__pwned';

const xss = (tag) => ({
  script: `<script>window.${SENTINEL}='${tag}'</script>`,
  img: `<img src=x onerror="window.${SENTINEL}='${tag}'">`,
  svg: `<svg onload="window.${SENTINEL}='${tag}'">`,
});

const page = (title, body) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

function head(status, reason, headers) {
  const lines = [`HTTP/1.1 ${status} ${reason}`];
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.concat([...lines.map((l) => Buffer.from(`${l}\r\n`, 'latin1')), Buffer.from('\r\n')]);
}

/** A whole response: status line, headers (values are latin1 strings = raw bytes), body. */
function response(status, reason, headers, body) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([
    head(status, reason, [
      ['Content-Type', 'text/html; charset=utf-8'],
      ['Cache-Control', 'no-store'],
      ['Connection', 'close'],
      ...headers,
      ['Content-Length', String(bytes.length)],
    ]),
    bytes,
  ]);
}

const ROUTES = {
  '/html-headers': () => {
    const a = xss('header-server');
    const b = xss('header-via');
    const c = xss('header-xcache');
    const d = xss('header-retry-after');
    return response(502, 'Bad Gateway', [
      ['Server', a.script],
      ['Via', `1.1 ${b.img}`],
      ['X-Cache', c.svg],
      ['X-Served-By', `cache-${a.img}`],
      ['Retry-After', d.script],
    ], page('502 Bad Gateway', '<h1>Bad Gateway</h1>'));
  },
  '/long-header': () =>
    response(502, 'Bad Gateway', [
      ['Server', 'nginx'],
      ['X-Long', 'A'.repeat(100_000)],
      ['Via', `${'1.1 proxy, '.repeat(700)}${xss('long-via').script}`],
    ], page('502 Bad Gateway', '<h1>Bad Gateway</h1>')),
  '/many-headers': () => {
    const headers = [['Server', 'nginx']];
    for (let i = 0; i < 400; i += 1) headers.push([`X-Hostile-${i}`, `<b>${i}</b>${i % 50 === 0 ? xss(`many-${i}`).img : ''}`]);
    return response(502, 'Bad Gateway', headers, page('502 Bad Gateway', '<h1>Bad Gateway</h1>'));
  },
  '/bad-utf8': () =>
    response(502, 'Bad Gateway', [
      // latin1 strings are written byte for byte: \xff\xfe, a lone \xc3, an encoded surrogate, overlong '/'.
      ['Server', 'nginx/\xff\xfe\xc3('],
      ['Via', '1.1 \xc0\xaf proxy'],
      ['X-Served-By', 'cache-\xed\xa0\x80-x'],
      ['X-Cache', '\x80\x81\x82'],
    ], Buffer.concat([Buffer.from('<!doctype html><title>Bad \xff\xfe gateway</title><h1>', 'latin1'),
      Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1]), Buffer.from('</h1>')])),
  '/fake-vendor': () => {
    const title = `${xss('title').script} Error 1020 | Cloudflare ${xss('title-img').img}`;
    const body = [
      '<h1>Error 1020</h1><p>Access denied</p>',
      '<p>Cloudflare Ray ID: 8a1b2c3d4e5f6a7b &bull; Performance &amp; security by Cloudflare</p>',
      '<p>Reference #18.1a2b3c4d.1700000000.deadbeef</p>',
      '<p>Guru Meditation: XID: 12345</p><p>Varnish cache server</p>',
      '<p>The server encountered a temporary error and could not complete your request.</p>',
      // Escaped markup: innerText shows it as text; whoever inserted it as HTML would run it.
      `<p>&lt;img src=x onerror="window.${SENTINEL}='text'"&gt; &lt;script&gt;window.${SENTINEL}='text2'&lt;/script&gt;</p>`,
    ].join('');
    return response(502, 'Bad Gateway', [['Server', 'cloudflare'], ['CF-RAY', `<script>${SENTINEL}</script>`]], page(title, body));
  },
};

/** Starts the server; see the header comment for the routes. */
export async function startHostileServer() {
  const sockets = new Set();
  const timers = new Set();
  const streaming = new Set(); // sockets inside a never-ending /slow body
  const requests = [];
  let bigBody = null;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > 64 * 1024) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const [method, target] = buffered.subarray(0, end).toString('latin1').split('\r\n')[0].split(' ');
      const url = new URL(target ?? '/', 'http://x');
      requests.push({ at: Date.now(), method, path: url.pathname, search: url.search });
      serve(socket, method, url);
    };
    socket.on('data', onData);
  });

  function serve(socket, method, url) {
    const headOnly = method === 'HEAD';
    const send = (bytes) => {
      if (headOnly) {
        const cut = bytes.indexOf('\r\n\r\n');
        socket.end(bytes.subarray(0, cut + 4));
      } else socket.end(bytes);
    };
    if (ROUTES[url.pathname]) return send(ROUTES[url.pathname]());
    if (url.pathname === '/retry-after') {
      const value = Buffer.from(url.searchParams.get('v') ?? '', 'utf8').toString('latin1');
      return send(response(503, 'Service Unavailable', [['Retry-After', value]],
        page('Service unavailable', '<h1>Service unavailable</h1><p>Please try again later.</p>')));
    }
    if (url.pathname === '/big') {
      bigBody ??= bigPage();
      socket.write(head(502, 'Bad Gateway', [
        ['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store'], ['Connection', 'close'],
        ['Content-Length', String(bigBody.length)],
      ]));
      if (headOnly) return socket.end();
      return socket.end(bigBody); // the socket buffers; the browser reads at its pace
    }
    if (url.pathname === '/slow') {
      socket.write(head(502, 'Bad Gateway', [
        ['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store'], ['Transfer-Encoding', 'chunked'],
      ]));
      if (headOnly) return socket.end('0\r\n\r\n');
      const start = '<!doctype html><title>Slow failure</title><h1>Bad Gateway</h1><p>';
      socket.write(`${Buffer.byteLength(start).toString(16)}\r\n${start}\r\n`);
      const timer = setInterval(() => {
        if (socket.destroyed) {
          clearInterval(timer);
          timers.delete(timer);
          return;
        }
        socket.write('10\r\nstill failing...\r\n');
      }, 200);
      timers.add(timer);
      streaming.add(socket);
      socket.on('close', () => streaming.delete(socket));
      return undefined;
    }
    return send(response(404, 'Not Found', [], page('Not found', 'Not found')));
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    tls: false,
    requests,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    /** Never-ending /slow bodies still being written (the browser's idle spare sockets do not count). */
    get slowStreams() {
      return streaming.size;
    },
    async stop() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A 10 MB error page whose vendor markers sit at the very end (past any sane read limit). */
function bigPage() {
  const line = '<p>upstream said: error error error error error error error error error error</p>\n';
  const filler = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
  return Buffer.from(page('502 Bad Gateway', `<h1>Bad Gateway</h1>${filler}<p>&lt;img src=x onerror="window.${SENTINEL}='big'"&gt; cloudflare Ray ID: 1</p>`));
}
