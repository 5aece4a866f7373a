// HTTPS server that plays www.linkedin.com for end-to-end tests: serves registered fixture pages
// at their real paths with LinkedIn-like CSP headers and records every request it receives.
//
// Browsers reach it as https://www.linkedin.com/... via
//   Chromium: --host-resolver-rules="MAP www.linkedin.com 127.0.0.1:PORT" --ignore-certificate-errors
//             (server.chromiumArgs has both)
//   Firefox:  start with { proxy: true } and point the profile's HTTPS proxy at server.proxyPort; the
//             proxy only tunnels www.linkedin.com:443 to this server. Trust server.caPath (or accept
//             the certificate) — the leaf is signed by a local test CA kept in certDir.

import https from "node:https";
import http from "node:http";
import net from "node:net";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DEFAULT_CERT_DIR = path.join(HERE, "out", "cert");
export const HOSTNAME = "www.linkedin.com";
export const ORIGIN = "https://www.linkedin.com";

/**
 * Served at `/` and `/feed/` unless a test registers its own page there: the member's feed, where
 * an anchor whose href is the site root lands when the page does not take the click. Recognisable
 * without a script: `document.title === "Feed"` and `<html data-fixture-feed>`.
 */
export const FEED_HTML =
  '<!DOCTYPE html><html lang="en" data-fixture-feed="true"><head><meta charset="utf-8"><title>Feed</title></head>' +
  '<body><main id="workspace" aria-label="Main Feed"><h1>Feed</h1><p>Start a post</p></main></body></html>';
const DEFAULT_PAGES = new Map([
  ["/", { html: FEED_HTML, csp: "strict", status: 200 }],
  ["/feed", { html: FEED_HTML, csp: "strict", status: 200 }],
]);

/** The Content-Security-Policy header value for a mode ("strict" | "wasm"), or null for "none". */
export function cspHeader(mode, nonce) {
  if (mode === "none") return null;
  if (mode !== "strict" && mode !== "wasm") throw new Error(`server: csp must be strict, wasm or none (got ${mode})`);
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${mode === "wasm" ? " 'wasm-unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "frame-src 'self' about:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

function openssl(args) {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
}

function certValid(dir) {
  const cert = path.join(dir, "cert.pem");
  if (!fs.existsSync(cert) || !fs.existsSync(path.join(dir, "key.pem")) || !fs.existsSync(path.join(dir, "ca.pem"))) return false;
  try {
    openssl(["x509", "-checkend", String(7 * 86400), "-noout", "-in", cert]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Make (once) a test CA and a www.linkedin.com leaf signed by it in certDir:
 * ca.pem, cert.pem (leaf + CA chain), key.pem. Safe when several processes race.
 */
export function ensureCert(certDir = DEFAULT_CERT_DIR) {
  if (certValid(certDir)) return certDir;
  fs.mkdirSync(path.dirname(certDir), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(certDir), ".cert-"));
  try {
    const f = (n) => path.join(tmp, n);
    openssl([
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
      "-subj", "/CN=Invite Sweeper Test CA", "-keyout", f("ca.key"), "-out", f("ca.pem"),
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(["req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-subj", `/CN=${HOSTNAME}`, "-keyout", f("key.pem"), "-out", f("leaf.csr")]);
    fs.writeFileSync(
      f("leaf.ext"),
      [
        "basicConstraints=CA:FALSE",
        "keyUsage=critical,digitalSignature,keyEncipherment",
        "extendedKeyUsage=serverAuth",
        `subjectAltName=DNS:${HOSTNAME},DNS:linkedin.com,DNS:*.linkedin.com,DNS:localhost,IP:127.0.0.1`,
      ].join("\n") + "\n",
    );
    openssl([
      "x509", "-req", "-sha256", "-days", "397", "-in", f("leaf.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"),
      "-set_serial", "0x" + crypto.randomBytes(8).toString("hex"), "-extfile", f("leaf.ext"), "-out", f("leaf.pem"),
    ]);
    fs.writeFileSync(f("cert.pem"), fs.readFileSync(f("leaf.pem"), "utf8") + fs.readFileSync(f("ca.pem"), "utf8"));
    for (const n of ["ca.key", "leaf.csr", "leaf.ext", "leaf.pem"]) fs.rmSync(f(n));
    if (fs.existsSync(certDir)) {
      if (certValid(certDir)) return certDir; // another process won the race
      fs.rmSync(certDir, { recursive: true, force: true });
    }
    try {
      fs.renameSync(tmp, certDir);
    } catch (e) {
      if (!certValid(certDir)) throw e;
    }
    return certDir;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Start the fixture server.
 * @returns {Promise<{port, url, origin, host, pageUrl, hostResolverRules, chromiumArgs, certDir, certPath, keyPath,
 *   caPath, requests, setPage, removePage, clearPages, clearRequests, close, proxyPort?, proxyUrl?}>}
 */
export async function startServer({ port = 0, host = "127.0.0.1", certDir = DEFAULT_CERT_DIR, proxy = false } = {}) {
  ensureCert(certDir);
  const certPath = path.join(certDir, "cert.pem");
  const keyPath = path.join(certDir, "key.pem");
  const pages = new Map();
  const requests = [];

  const norm = (p) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p);

  const server = https.createServer({ cert: fs.readFileSync(certPath), key: fs.readFileSync(keyPath) }, (req, res) => {
    const u = new URL(req.url, ORIGIN);
    const entry = {
      method: req.method,
      url: req.url,
      path: u.pathname,
      headers: { ...req.headers },
      time: Date.now(),
      status: null,
    };
    requests.push(entry);
    const send = (status, headers, body) => {
      entry.status = status;
      res.writeHead(status, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (u.pathname === "/favicon.ico") return send(204, { "cache-control": "max-age=3600" });
    const page = pages.get(norm(u.pathname)) ?? DEFAULT_PAGES.get(norm(u.pathname));
    if (!page || (req.method !== "GET" && req.method !== "HEAD")) {
      return send(page ? 405 : 404, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }, page ? "method not allowed\n" : "not found\n");
    }
    const nonce = crypto.randomBytes(16).toString("base64");
    entry.nonce = nonce;
    let html = typeof page.html === "function" ? page.html({ url: u, req }) : page.html;
    html = String(html).replaceAll("__NONCE__", nonce);
    const headers = {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-cache, no-store",
      "x-content-type-options": "nosniff",
      "x-frame-options": "sameorigin",
    };
    const csp = cspHeader(page.csp, nonce);
    if (csp) headers["content-security-policy"] = csp;
    send(page.status, headers, html);
  });

  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const actualPort = server.address().port;
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  const api = {
    port: actualPort,
    host,
    url: `https://${host}:${actualPort}`,
    origin: ORIGIN,
    pageUrl: (p = "/mynetwork/invitation-manager/sent/") => ORIGIN + p,
    hostResolverRules: `MAP ${HOSTNAME} ${host}:${actualPort}`,
    chromiumArgs: [`--host-resolver-rules=MAP ${HOSTNAME} ${host}:${actualPort}`, "--ignore-certificate-errors"],
    certDir,
    certPath,
    keyPath,
    caPath: path.join(certDir, "ca.pem"),
    requests,
    /** Serve `html` (string, or function ({url, req}) => string) at `pathname` (any query). */
    setPage(pathname, { html, csp = "strict", status = 200 } = {}) {
      if (html == null) throw new Error("server.setPage: html is required");
      cspHeader(csp, "x"); // validates the mode
      pages.set(norm(pathname), { html, csp, status });
      return api;
    },
    removePage(pathname) {
      pages.delete(norm(pathname));
      return api;
    },
    clearPages() {
      pages.clear();
      return api;
    },
    clearRequests() {
      requests.length = 0;
      return api;
    },
    async close() {
      const closers = [new Promise((r) => server.close(r))];
      for (const s of sockets) s.destroy();
      if (proxyServer) {
        closers.push(new Promise((r) => proxyServer.close(r)));
        for (const s of proxySockets) s.destroy();
      }
      await Promise.all(closers);
    },
  };

  // Optional HTTP proxy for browsers without host-resolver rules (Firefox): it only tunnels
  // CONNECT www.linkedin.com:443 to the HTTPS server; everything else is refused and recorded.
  let proxyServer = null;
  const proxySockets = new Set();
  if (proxy) {
    proxyServer = http.createServer((req, res) => {
      requests.push({ method: req.method, url: req.url, path: null, headers: { ...req.headers }, time: Date.now(), status: 403, viaProxy: true });
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("fixture proxy: only CONNECT www.linkedin.com:443\n");
    });
    proxyServer.on("connection", (s) => {
      proxySockets.add(s);
      s.on("close", () => proxySockets.delete(s));
    });
    proxyServer.on("connect", (req, client, head) => {
      const [h, p] = String(req.url).split(":");
      const ok = h === HOSTNAME && (p === "443" || p === undefined);
      if (!ok) {
        requests.push({ method: "CONNECT", url: req.url, path: null, headers: { ...req.headers }, time: Date.now(), status: 403, viaProxy: true });
        client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
        return;
      }
      const upstream = net.connect(actualPort, host, () => {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head && head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      const kill = () => {
        upstream.destroy();
        client.destroy();
      };
      upstream.on("error", kill);
      client.on("error", kill);
    });
    await new Promise((resolve, reject) => {
      proxyServer.once("error", reject);
      proxyServer.listen(0, host, resolve);
    });
    api.proxyPort = proxyServer.address().port;
    api.proxyUrl = `http://${host}:${api.proxyPort}`;
  }
  return api;
}

// `node tests/e2e/server.mjs [port]` serves a default fixture for poking at it by hand.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { renderCurrent } = await import("../fixtures/render.mjs");
  const s = await startServer({ port: Number(process.argv[2] || 0) });
  s.setPage("/mynetwork/invitation-manager/sent/", { html: renderCurrent({ rows: 40 }).html });
  console.log(`serving on ${s.url}; chromium ${s.chromiumArgs.join(" ")} ${s.pageUrl()}`);
}
