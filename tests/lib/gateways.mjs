// Real gateways from the Debian packages, started in front of a backend from backends.mjs.
//
//   import { startGateway, GATEWAY_KINDS, gatewayVersion } from './gateways.mjs';
//   const gw = await startGateway('nginx', backend);          // backend: { port, tls }
//   gw.url               // http://127.0.0.1:PORT/
//   gw.version           // e.g. 'nginx/1.22.1'
//   gw.readAccessLog()   // the gateway's access log lines (varnish: from varnishncsa, may lag ~1 s;
//                        // backend.requests has exact arrival times for every kind)
//   await gw.stop();     // kills every process it started and removes its temp dir
//
// Each gateway runs in the foreground as this process's child, in its own process group, with its
// config, pid, logs and caches in a fresh temp dir, listening on 127.0.0.1 only. Nothing uses
// systemctl/service. Timeouts are short (connect 2 s, first byte 2 s) so a hanging backend yields
// the gateway's timeout page in about 2 s. Readiness is checked by polling the port.
// Set GG_KEEP_TMP=1 to keep the temp dirs for inspection.
//
// Options: { variant } — 'no_server' (haproxy only): the only server is administratively disabled,
// so haproxy has no usable server at all. 'pay_refused' (nginx only): two upstreams, as a shop with a
// separate payment service has — / goes to the backend, /pay to a port that refuses connections, so a
// page served healthy POSTs its payment form into nginx's own 502.
// { http2: { cert, key } } (nginx only): nginx speaks HTTPS with HTTP/2 to the browser, with that
// certificate and key (PEM files; a self-signed one needs Chromium's --ignore-certificate-errors), and
// gw.url is https://. Many requests then share one connection as streams instead of queueing for the
// browser's six HTTP/1.1 connections per host; keepalive_requests is raised so that nginx does not end
// the connection after its default 1000 requests, and worker_connections (64 otherwise) is raised.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './backends.mjs';
import { spawnDaemon, waitForPort, commandOutput, registerTempDir, removeTempDir } from './procs.mjs';

export const GATEWAY_KINDS = ['nginx', 'haproxy', 'varnish', 'apache', 'squid', 'caddy', 'lighttpd'];

const TIMEOUT_S = 2;
const versions = new Map();

/** The gateway's version string, as its binary reports it (cached). */
export function gatewayVersion(kind) {
  if (versions.has(kind)) return versions.get(kind);
  const firstLine = (s) => s.split('\n')[0].trim();
  const v = {
    nginx: () => firstLine(commandOutput('nginx', ['-v'])).replace(/^nginx version: /, ''),
    haproxy: () => firstLine(commandOutput('haproxy', ['-v'])).replace(/ - https?:.*$/, ''),
    varnish: () => firstLine(commandOutput('varnishd', ['-V'])),
    apache: () => firstLine(commandOutput('apache2', ['-v'])).replace(/^Server version: /, ''),
    squid: () => firstLine(commandOutput('squid', ['-v'])),
    caddy: () => `caddy ${firstLine(commandOutput('caddy', ['version']))}`,
    lighttpd: () => firstLine(commandOutput('lighttpd', ['-v'])),
  }[kind];
  if (!v) throw new Error(`unknown gateway kind: ${kind}`);
  versions.set(kind, v());
  return versions.get(kind);
}

function tempDir(kind) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gg-${kind}-`));
  registerTempDir(dir);
  return dir;
}

function readLines(file) {
  try { return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean); } catch { return []; }
}

// ---------------------------------------------------------------- per-gateway configs

function nginxConf({ dir, port, backend, payPort, http2 }) {
  // Over HTTP/2 the browser runs ~100 streams at once on one connection, each needing an upstream socket
  // (64 would answer some requests with nginx's own 500, "worker_connections are not enough").
  const connections = http2 ? 1024 : 64;
  const scheme = backend.tls ? 'https' : 'http';
  const timeouts = `proxy_connect_timeout ${TIMEOUT_S}s;
      proxy_send_timeout ${TIMEOUT_S}s;
      proxy_read_timeout ${TIMEOUT_S}s;`;
  // Variant pay_refused: the payment service (a second upstream) is down.
  const pay = payPort ? `
    location /pay {
      proxy_pass http://127.0.0.1:${payPort};
      ${timeouts}
    }` : '';
  // `user root`: the workers must reach the temp dir (mkdtemp makes it 0700).
  return `daemon off;
master_process on;
worker_processes 1;
user root;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections ${connections}; }
http {
  log_format gg '$msec "$request" $status upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${dir}/access.log gg;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port}${http2 ? ` ssl http2;
    ssl_certificate ${http2.cert};
    ssl_certificate_key ${http2.key};
    keepalive_requests 1000000` : ''};
    location / {
      proxy_pass ${scheme}://127.0.0.1:${backend.port};
      ${timeouts}
    }${pay}
  }
}
`;
}

function haproxyConf({ port, backend, variant }) {
  const server = [`server app 127.0.0.1:${backend.port}`];
  if (backend.tls) server.push('ssl verify none');
  if (variant === 'no_server') server.push('disabled');
  return `global
  log stdout format raw local0
  maxconn 100

defaults
  mode http
  log global
  option httplog
  timeout connect ${TIMEOUT_S}s
  timeout client 30s
  timeout server ${TIMEOUT_S}s
  retries 1

frontend web
  bind 127.0.0.1:${port}
  default_backend app

backend app
  ${server.join(' ')}
`;
}

function apacheConf({ dir, port, backend }) {
  const mods = ['mpm_event', 'authz_core', 'proxy', 'proxy_http'];
  if (backend.tls) mods.push('socache_shmcb', 'ssl');
  const load = mods.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
  const scheme = backend.tls ? 'https' : 'http';
  // ServerTokens OS / ServerSignature On are what Debian's conf-enabled/security.conf ships,
  // so the pages look like a stock Debian Apache. retry=0 keeps the worker usable right after
  // a failure (the default puts it in error state for 60 s), which retry tests need.
  return `ServerRoot "${dir}"
DefaultRuntimeDir "${dir}"
PidFile "${dir}/apache2.pid"
Mutex file:${dir} default
Listen 127.0.0.1:${port}
ServerName 127.0.0.1
${load}
User www-data
Group www-data
ErrorLog "${dir}/error.log"
LogLevel warn proxy:info
LogFormat "%{sec}t.%{msec_frac}t \\"%r\\" %>s" gg
CustomLog "${dir}/access.log" gg
ServerTokens OS
ServerSignature On
StartServers 1
ServerLimit 1
ThreadsPerChild 16
MaxRequestWorkers 16
ProxyTimeout ${TIMEOUT_S}
${backend.tls ? 'SSLProxyEngine on\nSSLProxyVerify none\nSSLProxyCheckPeerName off\nSSLProxyCheckPeerExpire off' : ''}
ProxyPass / ${scheme}://127.0.0.1:${backend.port}/ connectiontimeout=${TIMEOUT_S} timeout=${TIMEOUT_S} retry=0
ProxyPassReverse / ${scheme}://127.0.0.1:${backend.port}/
`;
}

function squidConf({ dir, port, backend }) {
  const tls = backend.tls ? ' tls tls-flags=DONT_VERIFY_PEER' : '';
  return `http_port 127.0.0.1:${port} accel defaultsite=127.0.0.1:${port} no-vhost
cache_peer 127.0.0.1 parent ${backend.port} 0 no-query no-digest originserver name=app${tls}
cache_peer_access app allow all
never_direct allow all
http_access allow all
cache_effective_user proxy
pid_filename ${dir}/squid.pid
logformat gg %ts.%03tu "%rm %ru HTTP/%rv" %>Hs %Ss/%Sh
access_log stdio:${dir}/access.log gg
cache_log ${dir}/cache.log
cache_store_log none
coredump_dir ${dir}
netdb_filename none
connect_timeout ${TIMEOUT_S} seconds
peer_connect_timeout ${TIMEOUT_S} seconds
read_timeout ${TIMEOUT_S} seconds
forward_timeout ${TIMEOUT_S * 2} seconds
shutdown_lifetime 0 seconds
visible_hostname gg-squid
${process.env.GG_SQUID_DEBUG ? `debug_options ${process.env.GG_SQUID_DEBUG}` : "pinger_enable off"}
`;
}

function caddyfile({ dir, port, backend }) {
  const tls = backend.tls ? '\n        tls\n        tls_insecure_skip_verify' : '';
  return `{
  admin off
  auto_https off
}
http://127.0.0.1:${port} {
  log {
    output file ${dir}/access.log
  }
  reverse_proxy 127.0.0.1:${backend.port} {
    transport http {
        dial_timeout ${TIMEOUT_S}s
        response_header_timeout ${TIMEOUT_S}s${tls}
    }
  }
}
`;
}

function lighttpdConf({ dir, port, backend }) {
  return `server.modules = ("mod_proxy", "mod_accesslog")
server.bind = "127.0.0.1"
server.port = ${port}
server.document-root = "${dir}/www"
server.errorlog = "${dir}/error.log"
server.pid-file = "${dir}/lighttpd.pid"
accesslog.filename = "${dir}/access.log"
accesslog.format = "%{%s}t \\"%r\\" %>s"
proxy.server = ("" => ((
  "host" => "127.0.0.1", "port" => ${backend.port},
  "connect-timeout" => ${TIMEOUT_S}, "write-timeout" => ${TIMEOUT_S}, "read-timeout" => ${TIMEOUT_S}
)))
`;
}

// ---------------------------------------------------------------- launchers

/** What a kind can do: lighttpd's and varnish's proxies speak plain HTTP to backends only. */
export function gatewaySupports(kind, backend, variant) {
  if (backend.tls && (kind === 'varnish' || kind === 'lighttpd')) return false;
  if (variant && !((kind === 'haproxy' && variant === 'no_server') || (kind === 'nginx' && variant === 'pay_refused'))) {
    return false;
  }
  return true;
}

async function launch(kind, backend, variant, http2) {
  const dir = tempDir(kind);
  const port = await freePort();
  // pay_refused: a port that was free a moment ago and that nothing listens on (like backend 'refused').
  const payPort = variant === 'pay_refused' ? await freePort() : undefined;
  const ctx = { dir, port, backend, variant, payPort, http2 };
  const log = (n) => path.join(dir, n);
  const daemons = [];
  let accessLog = log('access.log');
  const start = (name, cmd, args, env) => {
    const d = spawnDaemon(name, cmd, args, { cwd: dir, env, logFile: log(`${name}.out`) });
    daemons.push(d);
    return d;
  };
  let main;
  switch (kind) {
    case 'nginx':
      fs.writeFileSync(log('nginx.conf'), nginxConf(ctx));
      main = start('nginx', 'nginx', ['-p', dir, '-e', log('error.log'), '-c', log('nginx.conf')]);
      break;
    case 'haproxy':
      fs.writeFileSync(log('haproxy.cfg'), haproxyConf(ctx));
      main = start('haproxy', 'haproxy', ['-db', '-f', log('haproxy.cfg')]);
      accessLog = log('haproxy.out'); // `log stdout` in the config
      break;
    case 'varnish': {
      const work = log('varnish');
      main = start('varnishd', 'varnishd', [
        '-F', '-j', 'none', '-n', work, '-a', `127.0.0.1:${port}`, '-b', `127.0.0.1:${backend.port}`,
        '-s', 'malloc,32m', '-T', 'none',
        '-p', `connect_timeout=${TIMEOUT_S}`, '-p', `first_byte_timeout=${TIMEOUT_S}`,
        '-p', `between_bytes_timeout=${TIMEOUT_S}`,
      ]);
      break;
    }
    case 'apache':
      fs.writeFileSync(log('apache2.conf'), apacheConf(ctx));
      fs.chmodSync(dir, 0o755); // workers run as www-data
      main = start('apache2', 'apache2', ['-f', log('apache2.conf'), '-DFOREGROUND'], {
        APACHE_RUN_DIR: dir, APACHE_LOCK_DIR: dir, APACHE_LOG_DIR: dir, APACHE_PID_FILE: log('apache2.pid'),
      });
      break;
    case 'squid': {
      fs.writeFileSync(log('squid.conf'), squidConf(ctx));
      // Squid started as root switches to cache_effective_user (proxy); it must write its logs here.
      const { uid, gid } = (() => {
        const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('proxy:'));
        const f = line.split(':');
        return { uid: Number(f[2]), gid: Number(f[3]) };
      })();
      fs.chmodSync(dir, 0o755);
      fs.chownSync(dir, uid, gid);
      main = start('squid', 'squid', ['-N', '-f', log('squid.conf')]);
      break;
    }
    case 'caddy':
      fs.writeFileSync(log('Caddyfile'), caddyfile(ctx));
      main = start('caddy', 'caddy', ['run', '--config', log('Caddyfile'), '--adapter', 'caddyfile'], {
        HOME: dir, XDG_DATA_HOME: log('data'), XDG_CONFIG_HOME: log('config'),
      });
      break;
    case 'lighttpd':
      fs.mkdirSync(log('www'));
      fs.writeFileSync(log('lighttpd.conf'), lighttpdConf(ctx));
      main = start('lighttpd', 'lighttpd', ['-D', '-f', log('lighttpd.conf')]);
      break;
    default:
      throw new Error(`unknown gateway kind: ${kind}`);
  }
  const stop = async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    removeTempDir(dir);
  };
  try {
    await waitForPort(port, main);
    if (kind === 'varnish') {
      // The manager binds the port before the cache child runs; varnishncsa needs the shared log.
      accessLog = log('access.log');
      // -d: also replay what is already in the shared log, so nothing before this start is lost.
      start('varnishncsa', 'varnishncsa', ['-n', log('varnish'), '-d', '-b', '-c', '-w', accessLog,
        '-F', '%{%s}t "%r" %s %{Varnish:side}x']);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    name: kind,
    kind,
    port,
    url: `${http2 ? 'https' : 'http'}://127.0.0.1:${port}/`,
    version: gatewayVersion(kind),
    dir,
    accessLog,
    readAccessLog: () => readLines(accessLog),
    stop,
  };
}

/**
 * Start gateway `kind` in front of `backend` ({port, tls}).
 * @param {string} kind one of GATEWAY_KINDS
 * @param {{port:number, tls?:boolean}} backend
 * @param {{variant?: 'no_server' | 'pay_refused', http2?: {cert: string, key: string}}} [options]
 */
export async function startGateway(kind, backend, { variant, http2 } = {}) {
  if (!gatewaySupports(kind, backend, variant)) {
    throw new Error(`${kind} cannot be started with ${backend.tls ? 'a TLS backend' : `variant ${variant}`}`);
  }
  if (http2 && kind !== 'nginx') throw new Error(`only nginx is started with http2 (asked: ${kind})`);
  return launch(kind, backend, variant, http2);
}
