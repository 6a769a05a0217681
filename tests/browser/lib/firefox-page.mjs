// The part of Playwright's BrowserContext, Page and Locator API the browser tests use, for Firefox ESR
// driven through geckodriver (WebDriver classic), so that each test runs unchanged in both browsers.
//
// Why it looks the way it does (seen on Firefox ESR 153):
//   - Tabs that WebDriver itself navigates report tabId -1 to webRequest, so pages are opened and
//     navigated the way a user's click would: with the tabs/windows API, from an extension page of our
//     own (the "control" page). Each page gets a window of its own, so it stays the visible tab of its
//     window while the driver switches between pages.
//   - WebDriver holds one current window: every command goes through one queue (`Lock`), which switches
//     to the page it serves first.
//   - A navigation is over when the tab holds a new document (a token set in the old one is gone) that
//     has reached the wanted ready state; its HTTP status is the Navigation Timing entry's.
//   - Locators pierce open shadow roots (as Playwright's CSS engine does) for descendant selectors.
import { Key } from 'selenium-webdriver';
import { readdir, stat, mkdtemp } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const NAV_TIMEOUT = 30_000;
const ACTION_TIMEOUT = 30_000;

class Lock {
  #tail = Promise.resolve();
  /** Runs `fn` after everything queued before it; the queue keeps going when one fails. */
  run(fn) {
    const result = this.#tail.then(() => fn());
    this.#tail = result.catch(() => {});
    return result;
  }
}

/** Polls `probe` (async) until truthy or `timeout` ms; throws `what` on time-out. */
async function until(probe, timeout, what) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timeout ${timeout}ms exceeded waiting for ${what}`);
    await sleep(50);
  }
}

const KEYS = { Tab: Key.TAB, Enter: Key.ENTER, Escape: Key.ESCAPE, Space: Key.SPACE, ArrowDown: Key.ARROW_DOWN, ArrowUp: Key.ARROW_UP, Backspace: Key.BACK_SPACE, Shift: Key.SHIFT };
/** Playwright's key names ("Shift+Tab", "Enter") as WebDriver key sequences. */
function keyChord(name) {
  return name.split('+').map((k) => KEYS[k] ?? (k.length === 1 ? k : (() => { throw new Error(`unknown key ${k}`); })()));
}

/** Runs in the page: the elements matching a chain of {selector, index} steps, piercing open shadow roots. */
const RESOLVE = `function resolve(steps) {
  const parts = (sel) => sel.trim().match(/(?:[^\\s"'\\[]+|\\[[^\\]]*\\]|"[^"]*"|'[^']*')+/g);
  const parentOf = (el) => el.parentElement ?? (el.getRootNode() instanceof ShadowRoot ? el.getRootNode().host : null);
  const below = (root) => {
    const out = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };
  // chain[i] matched by el: do the ancestors match chain[0..i-1]? A '>' between two steps asks for the
  // parent itself (the child combinator, e.g. '#timeline svg > title'), a space for any ancestor.
  const above = (el, chain, i, root) => {
    if (i < 0) return true;
    if (chain[i] === '>') {
      const p = parentOf(el);
      return Boolean(p && p !== root && p.matches(chain[i - 1]) && above(p, chain, i - 2, root));
    }
    for (let cur = parentOf(el); cur && cur !== root; cur = parentOf(cur)) if (cur.matches(chain[i]) && above(cur, chain, i - 1, root)) return true;
    return false;
  };
  const matches = (el, chain, root) => el.matches(chain[chain.length - 1]) && above(el, chain, chain.length - 2, root);
  let roots = [document];
  for (const step of steps) {
    const chain = parts(step.selector);
    let found = [];
    for (const root of roots) for (const el of below(root)) if (matches(el, chain, root) && !found.includes(el)) found.push(el);
    if (step.index !== null) found = found.at(step.index) ? [found.at(step.index)] : [];
    roots = found;
  }
  return roots;
}`;

const visible = `(el) => el.isConnected && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'`;

export class FirefoxContext {
  constructor(ff) {
    this.ff = ff;
    this.driver = ff.driver;
    this.lock = new Lock();
    this.pages_ = [];
    this.listeners = { request: [] };
  }

  async start() {
    await this.lock.run(async () => {
      await this.driver.get(`${this.ff.baseUrl}/popup/popup.html`);
      this.control = await this.driver.getWindowHandle();
    });
    // Console messages of the add-on, collected in the parent process. They are logged in the extension
    // process (Firefox's parent never sees them: its 'console-api-log-event' stays silent, seen on ESR
    // 153), so a process script listens to each child's console storage and forwards the add-on's.
    await this.chrome(`
      const seen = [];
      const addonId = arguments[0];
      Services.ppmm.addMessageListener('gg:console', { receiveMessage: (msg) => seen.push(msg.data) });
      const child = (id) => {
        const storage = Cc['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage);
        storage.addLogEventListener((m) => {
          if (m.addonId !== id && !String(m.filename ?? '').startsWith('moz-extension://')) return;
          Services.cpmm.sendAsyncMessage('gg:console', { level: m.level, text: (m.arguments ?? []).map(String).join(' ') });
        }, Services.scriptSecurityManager.getSystemPrincipal());
      };
      Services.ppmm.loadProcessScript('data:,(' + encodeURIComponent(child.toString()) + ')(' + JSON.stringify(addonId) + ')', true);
      // On Services, not globalThis: each chrome-context script runs in a fresh sandbox, and \`window\` is
      // the browser window of whichever page the driver is on.
      Services.__ggConsole = seen;
      // Uncaught errors and rejections of the add-on's scripts reach the console service as script errors.
      const errors = [];
      const base = arguments[1];
      Services.console.registerListener({ observe(m) {
        if (m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && String(m.sourceName).startsWith(base)) {
          errors.push(m.errorMessage);
        }
      } });
      Services.__ggErrors = errors;`, this.ff.addonId, this.ff.baseUrl);
    this.downloads = await mkdtemp(path.join(tmpdir(), 'gg-ff-downloads-'));
    await this.chrome(
      `Services.prefs.setIntPref('browser.download.folderList', 2);
       Services.prefs.setStringPref('browser.download.dir', arguments[0]);
       Services.prefs.setBoolPref('browser.download.useDownloadDir', true);
       Services.prefs.setBoolPref('browser.download.always_ask_before_handling_new_types', false);`,
      this.downloads,
    );
  }

  /**
   * Makes `locale` (e.g. 'de') the browser's UI language before start(), so the add-on's texts follow it
   * as with a language pack installed: Debian's firefox-esr ships en-US only (firefox-esr-l10n-* are
   * separate packages), so the locale is declared available, requested, and the add-on reloaded (an add-on
   * picks its locale when it starts).
   */
  async useLocale(locale) {
    await this.chrome(
      `Services.locale.availableLocales = [arguments[1], ...Services.locale.availableLocales];
       Services.locale.requestedLocales = [arguments[1]];
       const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
       return AddonManager.getAddonByID(arguments[0]).then((a) => a.reload());`,
      this.ff.addonId,
      locale,
    );
  }

  /** Runs a script in Firefox's parent process (privileged; geckodriver --allow-system-access). */
  chrome(script, ...args) {
    return this.lock.run(async () => {
      await this.driver.setContext('chrome');
      try {
        return await this.driver.executeScript(script, ...args);
      } finally {
        await this.driver.setContext('content');
      }
    });
  }

  /** `fn(arg)` on the control page, with `chrome` = Firefox's promise-based `browser`. */
  ext(fn, arg) {
    return this.lock.run(async () => {
      await this.driver.switchTo().window(this.control);
      const result = await this.driver.executeAsyncScript(
        `const done = arguments[arguments.length - 1];
         const chrome = globalThis.browser;
         Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
           .then((v) => done({ ok: v === undefined ? '__undefined__' : v }), (e) => done({ error: String(e?.stack ?? e) }));`,
        arg ?? null,
      );
      if (result?.error) throw new Error(result.error);
      return result?.ok === '__undefined__' ? undefined : result?.ok;
    });
  }

  async newPage() {
    const { tabId, handle } = await this.lock.run(async () => {
      const before = new Set(await this.driver.getAllWindowHandles());
      await this.driver.switchTo().window(this.control);
      const id = await this.driver.executeAsyncScript(
        `const done = arguments[0];
         browser.windows.create({ url: 'about:blank' }).then((w) => done(w.tabs[0].id), (e) => done(String(e)));`,
      );
      if (!Number.isInteger(id)) throw new Error(`could not open a window: ${id}`);
      const handle = await until(async () => (await this.driver.getAllWindowHandles()).find((h) => !before.has(h)), 10_000, 'the new window');
      await until(() => this.driver.executeAsyncScript(
        `const done = arguments[1];
         browser.tabs.get(arguments[0]).then((t) => done(t.status === 'complete'), () => done(false));`, id,
      ), 10_000, 'the new window to settle');
      return { tabId: id, handle };
    });
    const page = new FirefoxPage(this, tabId, handle);
    this.pages_.push(page);
    return page;
  }

  pages() {
    return [...this.pages_];
  }

  /** Console warnings of the add-on seen so far. */
  async consoleWarnings() {
    const all = await this.chrome('return Services.__ggConsole ?? [];');
    return all.filter((m) => m.level === 'warn').map((m) => m.text);
  }

  /** Uncaught errors of the add-on's scripts, and whether Firefox runs it (installed and enabled). */
  async extensionProblems() {
    return this.chrome(
      `const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
       return AddonManager.getAddonByID(arguments[0]).then((a) => ({
         active: Boolean(a?.isActive), appDisabled: Boolean(a?.appDisabled), errors: Services.__ggErrors ?? [],
       }));`,
      this.ff.addonId,
    );
  }

  /**
   * Records every HTTP request the browser makes from now on, with who caused it (Firefox's network
   * observer in the parent process): `read()` returns [{url, method, navigation, triggeredBy}].
   */
  async recordNetwork() {
    await this.chrome(`
      const log = [];
      const observer = { observe(subject) {
        const ch = subject.QueryInterface(Ci.nsIHttpChannel);
        const info = ch.loadInfo;
        const p = info?.triggeringPrincipal;
        log.push({
          url: ch.URI.spec, method: ch.requestMethod,
          navigation: Boolean(info && (info.externalContentPolicyType === 6 || info.externalContentPolicyType === 7)),
          triggeredBy: !p ? null : p.isSystemPrincipal ? 'system' : p.addonId ? 'addon:' + p.addonId : p.origin,
        });
      } };
      Services.obs.addObserver(observer, 'http-on-modify-request');
      Services.__ggNet = log; // where the next script finds it (see __ggConsole)`);
    return { read: () => this.chrome('return Services.__ggNet ?? [];') };
  }

  on(event, listener) {
    if (event !== 'request') throw new Error(`FirefoxContext.on('${event}') is not supported`);
    this.listeners.request.push(listener);
    if (!this.requestPoll) {
      this.requestPoll = (async () => {
        const log = await this.recordNetwork();
        let seen = 0;
        this.requestTimer = setInterval(async () => {
          const all = await log.read().catch(() => []);
          for (const r of all.slice(seen)) {
            const request = { url: () => r.url, method: () => r.method, isNavigationRequest: () => r.navigation };
            for (const l of this.listeners.request) l(request);
          }
          seen = Math.max(seen, all.length);
        }, 250);
      })();
    }
  }

  async close() {
    clearInterval(this.requestTimer);
    await this.driver.quit().catch(() => {});
  }
}

class Response {
  constructor(state) {
    this.state = state;
  }
  status() {
    return this.state.status ?? 0;
  }
  ok() {
    return this.status() >= 200 && this.status() < 300;
  }
  url() {
    return this.state.url;
  }
}

export class FirefoxPage {
  constructor(context, tabId, handle) {
    this.context = context;
    this.tabId = tabId;
    this.handle = handle;
    this.closed = false;
    this.keyboard = { press: (key) => this.#keys(key) };
  }

  #run(fn) {
    return this.context.lock.run(async () => {
      await this.context.driver.switchTo().window(this.handle);
      return fn(this.context.driver);
    });
  }

  #script(source, ...args) {
    return this.#run((d) => d.executeScript(source, ...args));
  }

  /** Sets a token in the current document; a navigation is over when a document without it is there. */
  #mark() {
    return this.#run((d) =>
      d.executeScript('const t = Math.random().toString(36).slice(2); window.__ggNavToken = t; return t;').catch(() => null),
    );
  }

  async #settle(token, { timeout = NAV_TIMEOUT, waitUntil = 'load', awayFromBlank = false } = {}) {
    const ready = { commit: ['loading', 'interactive', 'complete'], domcontentloaded: ['interactive', 'complete'], load: ['complete'] }[waitUntil] ?? ['complete'];
    let last = null;
    const state = await until(async () => {
      const s = await this.#script(`return {
        token: window.__ggNavToken ?? null, ready: document.readyState, url: location.href, uri: document.documentURI,
        status: performance.getEntriesByType('navigation')[0]?.responseStatus ?? null }`).catch((e) => ({ error: e.message }));
      last = s;
      // A new window's first about:blank may be replaced by a second one: not the navigation awaited.
      const blank = awayFromBlank && s?.url === 'about:blank';
      // Firefox's own error pages never reach 'complete'.
      const errorPage = /^about:(neterror|certerror)/.test(s?.uri ?? '');
      return s && !s.error && !blank && s.token !== token && (errorPage || ready.includes(s.ready)) ? s : null;
    }, timeout, `a navigation of tab ${this.tabId}`).catch((e) => {
      throw new Error(`${e.message} (${waitUntil}; last seen ${JSON.stringify(last)})`);
    });
    if (/^about:(neterror|certerror)/.test(state.uri)) {
      throw new Error(`net::ERR_FAILED (Firefox error page ${state.uri.slice(0, 120)})`);
    }
    return new Response(state);
  }

  async #navigate(trigger, options) {
    const token = await this.#mark();
    await trigger();
    return this.#settle(token, options);
  }

  goto(url, options) {
    const trigger = () => this.context.ext(async ({ id, u }) => { await chrome.tabs.update(id, { url: u }); }, { id: this.tabId, u: url });
    return this.#navigate(trigger, { ...options, awayFromBlank: url !== 'about:blank' });
  }

  reload(options) {
    return this.#navigate(() => this.context.ext(async (id) => { await chrome.tabs.reload(id); }, this.tabId), options);
  }

  goBack(options) {
    return this.#navigate(() => this.context.ext(async (id) => { await chrome.tabs.goBack(id); }, this.tabId), options);
  }

  /** Resolves with the response of the next navigation (started, for example, by a click after this call). */
  waitForNavigation(options) {
    const token = this.#mark();
    return token.then((t) => this.#settle(t, options));
  }

  async setContent(html) {
    await this.#script('document.open(); document.write(arguments[0]); document.close();', html);
    await this.waitForLoadState('load');
  }

  evaluate(fn, arg) {
    if (typeof fn === 'string') return this.#script(fn);
    return this.#script(`return (${fn.toString()})(arguments[0]);`, arg ?? null);
  }

  async waitForFunction(fn, arg, { timeout = ACTION_TIMEOUT } = {}) {
    const value = await until(() => this.evaluate(fn, arg), timeout, 'a function to return a truthy value');
    return { jsonValue: async () => value };
  }

  waitForLoadState(state = 'load', { timeout = NAV_TIMEOUT } = {}) {
    const ok = state === 'load' ? ['complete'] : ['interactive', 'complete'];
    return until(async () => ok.includes(await this.#script('return document.readyState')), timeout, `load state ${state}`);
  }

  waitForURL(url, { timeout = NAV_TIMEOUT } = {}) {
    const want = (u) => (url instanceof RegExp ? url.test(u) : typeof url === 'function' ? url(new URL(u)) : u === url);
    return until(async () => {
      const s = await this.#script('return [location.href, document.readyState]');
      return want(s[0]) && s[1] === 'complete';
    }, timeout, `URL ${url}`);
  }

  waitForTimeout(ms) {
    return sleep(ms);
  }

  /** 'download': the next file the browser saves (Playwright's Download: suggestedFilename, path). */
  async waitForEvent(event, { timeout = ACTION_TIMEOUT } = {}) {
    if (event !== 'download') throw new Error(`FirefoxPage.waitForEvent('${event}') is not supported`);
    const dir = this.context.downloads;
    const before = new Set(await readdir(dir));
    const file = await until(async () => {
      for (const f of await readdir(dir)) {
        if (before.has(f) || f.endsWith('.part')) continue;
        const s1 = (await stat(path.join(dir, f))).size;
        await sleep(100);
        if ((await stat(path.join(dir, f))).size === s1) return f;
      }
      return null;
    }, timeout, 'a download');
    before.add(file);
    return { suggestedFilename: () => file, path: async () => path.join(dir, file) };
  }

  title() {
    return this.#script('return document.title');
  }

  /** Async here (Playwright's is not): callers `await page.url()`, which works with both. Right after a
   *  back/forward-cache restore Marionette can answer a script with null (seen once in CI after goBack,
   *  06:50 2026-11-25): location.href is never null, so ask again until the restored document answers. */
  url() {
    return until(async () => {
      const href = await this.#script('return location.href');
      return typeof href === 'string' ? href : null;
    }, ACTION_TIMEOUT, `the URL of tab ${this.tabId}`);
  }

  locator(selector) {
    return new Locator(this, [{ selector, index: null }]);
  }

  click(selector, options) {
    return this.locator(selector).first().click(options);
  }

  fill(selector, value) {
    return this.locator(selector).first().fill(value);
  }

  press(selector, key) {
    return this.locator(selector).first().press(key);
  }

  #keys(name) {
    return this.#run(async (d) => {
      const keys = keyChord(name);
      let actions = d.actions({ async: true });
      for (const k of keys) actions = actions.keyDown(k);
      for (const k of [...keys].reverse()) actions = actions.keyUp(k);
      await actions.perform();
    });
  }

  /** The window's size so that the page's viewport is about `width` × `height`. */
  async setViewportSize({ width, height }) {
    await this.#run(async (d) => {
      await d.manage().window().setRect({ width, height });
      const [iw, ih] = await d.executeScript('return [innerWidth, innerHeight]');
      await d.manage().window().setRect({ width: width + (width - iw), height: height + (height - ih) });
    });
  }

  /** Light or dark, reduced motion or not: Firefox's content preferences (browser-wide). */
  async emulateMedia({ colorScheme, reducedMotion } = {}) {
    await this.context.chrome(
      `if (arguments[0]) Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0] === 'dark' ? 0 : 1);
       if (arguments[1]) Services.prefs.setIntPref('ui.prefersReducedMotion', arguments[1] === 'reduce' ? 1 : 0);`,
      colorScheme ?? null,
      reducedMotion ?? null,
    );
  }

  async screenshot({ path: file, fullPage = false } = {}) {
    const png = await this.#run((d) => (fullPage && d.takeFullPageScreenshot ? d.takeFullPageScreenshot() : d.takeScreenshot()));
    const bytes = Buffer.from(png, 'base64');
    if (file) await writeFile(file, bytes);
    return bytes;
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    this.context.pages_ = this.context.pages_.filter((p) => p !== this);
    await this.context.ext(async (id) => { await chrome.tabs.remove(id).catch(() => {}); }, this.tabId);
  }

  /** For Locator: runs `body` (a function source of (elements, arg)) on the resolved elements. */
  query(steps, body, arg) {
    return this.#script(`${RESOLVE}; return (${body})(resolve(arguments[0]), arguments[1]);`, steps, arg ?? null);
  }

  /** For Locator: `fn(webElement, driver)` on the first resolved element, waiting for it to be visible. */
  withElement(steps, fn, { timeout = ACTION_TIMEOUT, state = 'visible' } = {}) {
    const deadline = Date.now() + timeout;
    const attempt = async () => {
      try {
        return await this.#run(async (d) => {
          const el = await d.executeScript(`${RESOLVE}; const el = resolve(arguments[0])[0] ?? null;
            return el && (arguments[1] !== 'visible' || (${visible})(el)) ? el : null;`, steps, state);
          if (!el) throw new Error('not yet');
          return { value: await fn(el, d) };
        });
      } catch (e) {
        // Try again only when the action cannot have happened: no element yet, or WebDriver refused to
        // act on it. Any other error may come after a click that did submit (say, one that navigated to
        // an error page): repeating it could send a form twice.
        const notDone = e.message === 'not yet' ||
          ['ElementNotInteractableError', 'ElementClickInterceptedError', 'StaleElementReferenceError'].includes(e.name);
        if (!notDone) throw e;
        if (Date.now() > deadline) throw new Error(`Timeout ${timeout}ms exceeded acting on ${JSON.stringify(steps)}: ${e.message}`);
        await sleep(100);
        return attempt();
      }
    };
    return attempt().then((r) => r.value);
  }

  /** For Locator: `fn(element, arg)` (a page function) on the first resolved element. */
  evaluateOn(steps, fn, arg, timeout = ACTION_TIMEOUT) {
    return this.withElement(steps, (el, d) => d.executeScript(`return (${fn.toString()})(arguments[0], arguments[1]);`, el, arg ?? null), { timeout, state: 'attached' });
  }

  async keysTo(steps, key) {
    await this.withElement(steps, (el) => el.sendKeys(...keyChord(key)));
  }
}

class Locator {
  constructor(page, steps) {
    this.page = page;
    this.steps = steps;
  }

  #with(last) {
    const steps = this.steps.slice(0, -1);
    return new Locator(this.page, [...steps, { ...this.steps.at(-1), ...last }]);
  }

  locator(selector) {
    return new Locator(this.page, [...this.steps, { selector, index: null }]);
  }

  first() {
    return this.#with({ index: 0 });
  }

  last() {
    return this.#with({ index: -1 });
  }

  nth(i) {
    return this.#with({ index: i });
  }

  count() {
    return this.page.query(this.steps, '(els) => els.length');
  }

  isVisible() {
    return this.page.query(this.steps, `(els) => Boolean(els[0] && (${visible})(els[0]))`);
  }

  allTextContents() {
    return this.page.query(this.steps, '(els) => els.map((e) => e.textContent)');
  }

  textContent({ timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el) => el.textContent, null, timeout);
  }

  innerText({ timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el) => el.innerText, null, timeout);
  }

  /** The value of an input, textarea or select. */
  inputValue({ timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el) => el.value, null, timeout);
  }

  /** Whether a checkbox or radio (or an element with aria-checked) is checked. */
  isChecked({ timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el) => ('checked' in el ? el.checked : el.getAttribute('aria-checked') === 'true'), null, timeout);
  }

  /**
   * Selects the option of a <select> with this value (or label) and fires input and change, as
   * Playwright's selectOption does; resolves with the selected values.
   */
  selectOption(value, { timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el, v) => {
      const option = [...el.options].find((o) => o.value === v || o.label === v);
      if (!option) throw new Error(`no option ${v}`);
      el.value = option.value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return [option.value];
    }, value, timeout);
  }

  getAttribute(name, { timeout } = {}) {
    return this.page.evaluateOn(this.steps, (el, n) => el.getAttribute(n), name, timeout);
  }

  evaluate(fn, arg) {
    return this.page.evaluateOn(this.steps, fn, arg);
  }

  boundingBox() {
    return this.page.evaluateOn(this.steps, (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }

  async waitFor({ state = 'visible', timeout = ACTION_TIMEOUT } = {}) {
    const probe = {
      visible: `(els) => Boolean(els[0] && (${visible})(els[0]))`,
      attached: '(els) => els.length > 0',
      detached: '(els) => els.length === 0',
      hidden: `(els) => !els[0] || !(${visible})(els[0])`,
    }[state];
    await until(() => this.page.query(this.steps, probe), timeout, `${JSON.stringify(this.steps)} to be ${state}`);
  }

  click({ timeout } = {}) {
    return this.page.withElement(this.steps, (el) => el.click(), { timeout });
  }

  async fill(value) {
    await this.page.withElement(this.steps, async (el) => {
      await el.clear();
      await el.sendKeys(value);
    });
  }

  press(key) {
    return this.page.keysTo(this.steps, key);
  }
}
