// Instrumentation for the CONTENT SCRIPT's isolated world (not the page's main world).
//
// bench/run.mjs pauses Chromium's debugger on the first statement of content.js (a CDP breakpoint
// by URL) and evaluates this source on that call frame, so it runs in the extension's isolated
// world before a single line of the extension does. It wraps, in that world only:
//   setTimeout / clearTimeout / setInterval / clearInterval / requestAnimationFrame /
//   cancelAnimationFrame  → a registry of live timers (created, fired, cleared, with timestamps)
//   MutationObserver      → observers created, observing or disconnected, callback count/times
//   EventTarget.prototype.addEventListener, chrome.runtime.onMessage.addListener → listeners added
//   chrome.runtime.sendMessage (and browser.runtime's, if a distinct object) → message log with
//                           send and reply times (the core's only way to the background)
//   WebAssembly.instantiate / instantiateStreaming → the instance, to read the core's memory size
//   ArrayBuffer           → the JS build's linear memory: wasm2js allocates it (and each grown
//                           copy) with `new ArrayBuffer(pages << 16)` inside the core's module
// The page's own timers live in the main world and are not seen here; the extension's are all
// seen, because wasm-bindgen's glue and gloo-timers look the globals up at call time.
// Every timestamp is performance.now() of this document (same time origin as the main world).
//
// This file is evaluated as an expression; it must stay self-contained.
(() => {
  const g = globalThis;
  if (g.__bench) return 'already';
  const now = () => performance.now();
  const B = {
    installedAt: now(),
    timers: [], // every timeout / interval / raf record, in creation order
    live: new Map(), // key `${kind}:${id}` → record still pending
    observers: [],
    listeners: [],
    messages: [],
    instances: [],
    jsMemory: null, // the latest ArrayBuffer the wasm2js module allocated as its memory
  };
  Object.defineProperty(g, '__bench', { value: B, enumerable: false });

  const orig = {
    setTimeout: g.setTimeout, clearTimeout: g.clearTimeout,
    setInterval: g.setInterval, clearInterval: g.clearInterval,
    raf: g.requestAnimationFrame, caf: g.cancelAnimationFrame,
  };
  const stackOf = () => {
    const s = String(new Error().stack || '').split('\n').slice(2, 6).map((l) => l.trim());
    return s.join(' | ').slice(0, 400);
  };

  g.setTimeout = function setTimeout(fn, ms, ...args) {
    const rec = { kind: 'timeout', ms: Number(ms) || 0, set: now(), fired: null, cleared: null, stack: stackOf() };
    const id = orig.setTimeout.call(g, function (...x) {
      rec.fired = now();
      B.live.delete('timeout:' + id);
      return typeof fn === 'function' ? fn.apply(this, x) : undefined;
    }, ms, ...args);
    rec.id = id;
    B.timers.push(rec);
    B.live.set('timeout:' + id, rec);
    return id;
  };
  g.clearTimeout = function clearTimeout(id) {
    const rec = B.live.get('timeout:' + id);
    if (rec) {
      rec.cleared = now();
      B.live.delete('timeout:' + id);
    }
    return orig.clearTimeout.call(g, id);
  };
  g.setInterval = function setInterval(fn, ms, ...args) {
    const rec = { kind: 'interval', ms: Number(ms) || 0, set: now(), fires: 0, lastFired: null, cleared: null, stack: stackOf() };
    const id = orig.setInterval.call(g, function (...x) {
      rec.fires++;
      rec.lastFired = now();
      return typeof fn === 'function' ? fn.apply(this, x) : undefined;
    }, ms, ...args);
    rec.id = id;
    B.timers.push(rec);
    B.live.set('interval:' + id, rec);
    return id;
  };
  g.clearInterval = function clearInterval(id) {
    const rec = B.live.get('interval:' + id);
    if (rec) {
      rec.cleared = now();
      B.live.delete('interval:' + id);
    }
    return orig.clearInterval.call(g, id);
  };
  if (orig.raf) {
    g.requestAnimationFrame = function requestAnimationFrame(fn) {
      const rec = { kind: 'raf', ms: 0, set: now(), fired: null, cleared: null, stack: stackOf() };
      const id = orig.raf.call(g, function (...x) {
        rec.fired = now();
        B.live.delete('raf:' + id);
        return fn.apply(this, x);
      });
      rec.id = id;
      B.timers.push(rec);
      B.live.set('raf:' + id, rec);
      return id;
    };
    g.cancelAnimationFrame = function cancelAnimationFrame(id) {
      const rec = B.live.get('raf:' + id);
      if (rec) {
        rec.cleared = now();
        B.live.delete('raf:' + id);
      }
      return orig.caf.call(g, id);
    };
  }

  const MO = g.MutationObserver;
  g.MutationObserver = class MutationObserver extends MO {
    constructor(cb) {
      const rec = { created: now(), observing: false, calls: 0, callTimes: [], disconnected: null, stack: stackOf() };
      super(function (...x) {
        rec.calls++;
        if (rec.callTimes.length < 5000) rec.callTimes.push(now());
        return cb.apply(this, x);
      });
      this.__rec = rec;
      B.observers.push(rec);
    }
    observe(...a) {
      this.__rec.observing = true;
      return super.observe(...a);
    }
    disconnect() {
      this.__rec.observing = false;
      this.__rec.disconnected = now();
      return super.disconnect();
    }
  };

  const ael = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function addEventListener(type, ...rest) {
    const target = this === g ? 'window' : this && this.constructor ? this.constructor.name : String(this);
    B.listeners.push({ at: now(), type: String(type), target });
    return ael.call(this, type, ...rest);
  };

  // content.js uses `browser ?? chrome`; Chromium may expose both, sharing objects: wrap each
  // runtime / onMessage object once.
  const wrapped = new WeakSet();
  for (const api of [g.browser, g.chrome]) {
    const rt = api && api.runtime;
    if (!rt || wrapped.has(rt)) continue;
    wrapped.add(rt);
    const send = rt.sendMessage;
    if (typeof send === 'function') {
      rt.sendMessage = function sendMessage(msg, ...rest) {
        const rec = { type: msg && msg.type, sent: now(), replied: null, ok: null };
        if (msg && msg.type === 'bg-settle') rec.withdrawn = msg.withdrawn;
        B.messages.push(rec);
        const p = send.call(rt, msg, ...rest);
        if (p && typeof p.then === 'function') {
          p.then(() => { rec.replied = now(); rec.ok = true; }, () => { rec.replied = now(); rec.ok = false; });
        }
        return p;
      };
    }
    const om = rt.onMessage;
    if (om && typeof om.addListener === 'function' && !wrapped.has(om)) {
      wrapped.add(om);
      const add = om.addListener;
      om.addListener = function addListener(...a) {
        B.listeners.push({ at: now(), type: 'onMessage', target: 'runtime' });
        return add.apply(om, a);
      };
    }
  }

  const W = g.WebAssembly;
  if (W) {
    for (const name of ['instantiate', 'instantiateStreaming']) {
      const f = W[name];
      if (typeof f !== 'function') continue;
      W[name] = async function (...a) {
        const r = await f.apply(W, a);
        const inst = r && r.instance ? r.instance : r;
        if (inst && inst.exports) B.instances.push(inst);
        return r;
      };
    }
  }

  // The JS build's memory: buffers of whole 64 KiB pages allocated from the wasm2js module
  // (its stack names the module's file). Other allocations pass through untouched.
  const AB = g.ArrayBuffer;
  g.ArrayBuffer = new Proxy(AB, {
    construct(target, args, newTarget) {
      const buf = Reflect.construct(target, args, newTarget === g.ArrayBuffer ? target : newTarget);
      if (buf.byteLength >= 65536 && buf.byteLength % 65536 === 0 && /invite_sweeper_bg\.wasm\.js/.test(String(new Error().stack))) B.jsMemory = buf;
      return buf;
    },
  });

  // A JSON-able summary of everything above (read with Runtime.evaluate in this world).
  B.summary = (since = 0) => {
    const t = now();
    const liveTimers = [...B.live.values()].map((r) => ({ kind: r.kind, ms: r.ms, set: r.set, stack: r.stack }));
    const mem = B.instances.map((i) => (i.exports.memory ? i.exports.memory.buffer.byteLength : null));
    if (B.jsMemory) mem.push(B.jsMemory.byteLength);
    return {
      now: t,
      installedAt: B.installedAt,
      timersCreated: B.timers.length,
      messages: B.messages.length,
      timersCreatedSince: B.timers.filter((r) => r.set >= since).length,
      firedSince: B.timers.filter((r) => (r.fired != null && r.fired >= since) || (r.lastFired != null && r.lastFired >= since)).length,
      liveTimers,
      observers: B.observers.length,
      observing: B.observers.filter((o) => o.observing).length,
      observerCallsSince: B.observers.reduce((n, o) => n + o.callTimes.filter((c) => c >= since).length, 0),
      listeners: B.listeners.map((l) => ({ type: l.type, target: l.target })),
      messagesSince: B.messages.filter((m) => m.sent >= since).map((m) => m.type),
      wasmMemoryBytes: mem,
    };
  };
  return 'installed';
})()
