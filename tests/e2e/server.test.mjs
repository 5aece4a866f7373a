// node --test tests/e2e/server.test.mjs — the fixture server's own checks.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import http from "node:http";
import tls from "node:tls";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer, cspHeader, ensureCert } from "./server.mjs";
import { renderCurrent, renderLegacy } from "../fixtures/render.mjs";

const SENT = "/mynetwork/invitation-manager/sent/";
let server;

function get(p, { method = "GET" } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: p,
        method,
        servername: "www.linkedin.com",
        headers: { Host: "www.linkedin.com" },
        rejectUnauthorized: false,
        agent: false, // a fresh TLS session each time, so getPeerCertificate() is filled in
      },
      (res) => {
        let body = "";
        const cert = res.socket.getPeerCertificate();
        res.setEncoding("utf8");
        res.on("data", (c) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body, cert }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

before(async () => {
  server = await startServer();
  server.setPage(SENT, { html: renderCurrent({ rows: 12 }).html, csp: "strict" });
  server.setPage("/wasm/", { html: renderCurrent({ rows: 3 }).html, csp: "wasm" });
  server.setPage("/plain/", { html: "<p nonce=\"__NONCE__\">x</p>", csp: "none", status: 201 });
  server.setPage("/legacy/", { html: () => renderLegacy({ rows: 5 }).html });
});
after(async () => {
  await server?.close();
});

test("serves the strict page with a fresh nonce in header and body", async () => {
  const a = await get(SENT);
  const b = await get(SENT + "?invitationType=&page=2");
  assert.equal(a.status, 200);
  assert.match(a.headers["content-type"], /^text\/html/);
  const csp = a.headers["content-security-policy"];
  assert.ok(csp, "has CSP");
  const nonce = /'nonce-([^']+)'/.exec(csp)[1];
  assert.ok(nonce.length >= 16);
  assert.ok(a.body.includes(`<script nonce="${nonce}">`), "script carries the header's nonce");
  assert.ok(!a.body.includes("__NONCE__"));
  assert.equal(b.status, 200, "query strings are ignored when matching");
  assert.notEqual(/'nonce-([^']+)'/.exec(b.headers["content-security-policy"])[1], nonce, "nonce is per response");
  assert.equal(csp, cspHeader("strict", nonce));
  for (const d of ["default-src 'self'", "'strict-dynamic'", "require-trusted-types-for 'script'", "trusted-types 'none'", "object-src 'none'", "base-uri 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "frame-src 'self' about:"]) {
    assert.ok(csp.includes(d), `strict CSP has ${d}`);
  }
  assert.ok(!csp.includes("wasm-unsafe-eval"));
  assert.ok(!/unsafe-eval/.test(csp));
});

test("wasm mode adds only 'wasm-unsafe-eval'", async () => {
  const r = await get("/wasm/");
  const csp = r.headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)[1];
  assert.ok(csp.includes(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`));
  assert.equal(csp.replace(" 'wasm-unsafe-eval'", ""), cspHeader("strict", nonce));
});

test("csp none, custom status, function pages, trailing slash", async () => {
  const r = await get("/plain");
  assert.equal(r.status, 201);
  assert.equal(r.headers["content-security-policy"], undefined);
  assert.match(r.body, /<p nonce="[A-Za-z0-9+/=]{20,}">x<\/p>/);
  const l = await get("/legacy/");
  assert.match(l.body, /mn-invitation-list/);
});

test("404, favicon 204, HEAD", async () => {
  assert.equal((await get("/nope/")).status, 404);
  const f = await get("/favicon.ico");
  assert.equal(f.status, 204);
  assert.equal(f.body, "");
  const h = await get(SENT, { method: "HEAD" });
  assert.equal(h.status, 200);
  assert.equal(h.body, "");
});

test("records requests with method, url and headers", async () => {
  server.clearRequests();
  await get(SENT + "?x=1");
  assert.equal(server.requests.length, 1);
  const r = server.requests[0];
  assert.equal(r.method, "GET");
  assert.equal(r.url, SENT + "?x=1");
  assert.equal(r.path, SENT);
  assert.equal(r.headers.host, "www.linkedin.com");
  assert.equal(r.status, 200);
});

test("certificate is for www.linkedin.com and chains to the test CA", async () => {
  const r = await get(SENT);
  assert.match(r.cert.subjectaltname, /DNS:www\.linkedin\.com/);
  const ca = fs.readFileSync(server.caPath);
  await new Promise((resolve, reject) => {
    const s = tls.connect({ host: "127.0.0.1", port: server.port, servername: "www.linkedin.com", ca }, () => {
      assert.equal(s.authorized, true, String(s.authorizationError));
      s.end();
      resolve();
    });
    s.on("error", reject);
  });
  assert.ok(server.chromiumArgs.some((a) => a === `--host-resolver-rules=MAP www.linkedin.com 127.0.0.1:${server.port}`));
  assert.equal(server.pageUrl(), "https://www.linkedin.com/mynetwork/invitation-manager/sent/");
});

test("ensureCert reuses an existing certificate", () => {
  const before = fs.readFileSync(server.certPath, "utf8");
  ensureCert(server.certDir);
  assert.equal(fs.readFileSync(server.certPath, "utf8"), before);
});

test("proxy mode tunnels only www.linkedin.com:443", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sweeper-cert-"));
  const s = await startServer({ proxy: true, certDir: path.join(dir, "cert") });
  try {
    s.setPage(SENT, { html: "<p>ok</p>" });
    const connect = (target) =>
      new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port: s.proxyPort, method: "CONNECT", path: target });
        req.on("connect", (res, socket) => resolve({ status: res.statusCode, socket }));
        req.on("error", reject);
        req.end();
      });
    const bad = await connect("example.com:443");
    assert.equal(bad.status, 403);
    bad.socket.destroy();
    const ok = await connect("www.linkedin.com:443");
    assert.equal(ok.status, 200);
    const body = await new Promise((resolve, reject) => {
      const req = https.request(
        { createConnection: () => tls.connect({ socket: ok.socket, servername: "www.linkedin.com", ca: fs.readFileSync(s.caPath) }), host: "www.linkedin.com", path: SENT },
        (res) => {
          let b = "";
          res.on("data", (c) => (b += c));
          res.on("end", () => resolve(b));
        },
      );
      req.on("error", reject);
      req.end();
    });
    assert.equal(body, "<p>ok</p>");
    assert.ok(s.requests.some((r) => r.url === "example.com:443" && r.status === 403));
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
