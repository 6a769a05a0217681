// A small shop behind a real nginx, for the resubmission guard tests. The shop (node:http on 127.0.0.1)
// serves a checkout page with a card form, a newsletter form and a GET search form. While `failing`, it
// closes the connection on the payment POST, so nginx itself answers 502 Bad Gateway: the browser gets
// the real gateway's answer and nginx's access log counts every POST that reached it.
import http from 'node:http';
import { startGateway } from '../../lib/gateways.mjs';

export const CARD = '4242424242424242';

const CHECKOUT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body>
<script>
  // For the tests: whether the guard's page-world script was in place before this page's own scripts ran.
  window.guardAtParse = HTMLFormElement.prototype[Symbol.for('gateway-guard.submit-wrapped')] === true;
</script>
<h1>Checkout</h1>
<form id="pay" method="post" action="/checkout/pay">
  <label>Name on card <input name="cc-name" autocomplete="cc-name"></label>
  <label>Card number <input id="card" name="cardnumber" autocomplete="cc-number" inputmode="numeric"></label>
  <label>Security code <input name="cvc" autocomplete="cc-csc"></label>
  <button id="pay-button" type="submit">Pay now</button>
</form>
<h2>Newsletter</h2>
<form id="news" method="post" action="/newsletter">
  <label>E-mail <input id="news-email" name="email" type="email"></label>
  <button type="submit">Subscribe</button>
</form>
<form id="search" method="get" action="/search" role="search">
  <label>Search <input id="q" name="q" type="search"></label>
  <button type="submit">Search</button>
</form>
</body></html>
`;

const page = (title) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1></body></html>`;

/** Starts the shop and nginx in front of it. `shop.url` is nginx's URL. */
export async function startShop() {
  const state = { failing: true, slowMs: 4_000 };
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (req.method === 'POST' && path === '/checkout/pay' && state.failing) {
      // Read nothing: closing at once is what a crashed application server does.
      req.socket.destroy(); // nginx: "upstream prematurely closed connection" -> 502
      return;
    }
    req.resume();
    const send = (status, body) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'GET' && path === '/checkout') return send(200, CHECKOUT);
    if (req.method === 'GET' && path === '/search') return send(200, page('Search results'));
    if (req.method === 'POST' && path === '/checkout/pay') return send(200, page('Thank you for your order'));
    // fetch() endpoints: a payment API that fails while `failing`, and a search API that always fails.
    if (req.method === 'POST' && path.startsWith('/api/')) {
      if (path === '/api/payment' && !state.failing) return send(200, '{"ok":true}');
      // A payment API that hangs for `slowMs` before its application server dies (nginx: 502).
      if (path === '/api/slow-payment') {
        setTimeout(() => req.socket.destroy(), state.slowMs);
        return undefined;
      }
      req.socket.destroy();
      return undefined;
    }
    if (req.method === 'POST' && path === '/newsletter') return send(200, page('Subscribed'));
    return send(404, page('Not found'));
  });
  server.on('connection', (s) => s.on('error', () => {}));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const backend = { port: server.address().port, tls: false };
  const gateway = await startGateway('nginx', backend);
  return {
    url: gateway.url,
    /** The shop itself, without nginx: same host, another port, so another origin. */
    directUrl: `http://127.0.0.1:${backend.port}/checkout`,
    checkoutUrl: `${gateway.url}checkout`,
    origin: new URL(gateway.url).origin,
    gateway,
    state,
    /** Access-log lines of nginx for `POST <path>`. */
    posts: (path) => gateway.readAccessLog().filter((line) => line.includes(`"POST ${path} `)),
    async stop() {
      await gateway.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The guard dialog's state as a user (or screen reader) meets it, read from the page (a Playwright page
 * in Chromium, a FirefoxPage in Firefox: both run `page.evaluate` in the page's own world).
 */
export function dialogState(page) {
  return page.evaluate(() => {
    const host = document.getElementById('gateway-guard-guard-host');
    const root = host?.shadowRoot;
    const box = root?.querySelector('[role="alertdialog"]');
    if (!box) return null;
    const byId = (id) => root.getElementById(id)?.textContent ?? null;
    return {
      role: box.getAttribute('role'),
      modal: box.getAttribute('aria-modal'),
      label: byId(box.getAttribute('aria-labelledby')),
      description: byId(box.getAttribute('aria-describedby')),
      text: box.textContent,
      focused: root.activeElement?.textContent ?? null,
      focusInside: document.activeElement === host,
      strength: [...box.classList].find((c) => c !== 'dialog'),
      bodyInert: document.body.inert,
    };
  });
}
