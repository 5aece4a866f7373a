// Renders extension/icons/icon.svg, with headless Chromium, to every size something asks for:
//   extension/icons/icon-{16,32,48,128}.png   the manifest's icons (toolbar, extensions page)
//   store/icons/icon-{32,64,128}.png          addons.mozilla.org's listing sizes
//   store/icons/chrome-store-icon-128.png     the Chrome Web Store icon: 96×96 artwork in a 16 px
//                                             transparent margin, as its image guidelines ask
//   store/promo-tile-440x280.png              the Chrome Web Store's small promo tile (opaque)
// Run by hand after editing the SVG: node scripts/icons.mjs (the PNGs are committed).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';

const file = (rel) => new URL(`../${rel}`, import.meta.url).pathname;
const svg = readFileSync(file('extension/icons/icon.svg'), 'utf8');
const sized = (size) => svg.replace('width="128" height="128"', `width="${size}" height="${size}"`);
const en = JSON.parse(readFileSync(file('extension/_locales/en/messages.json'), 'utf8'));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
async function render(out, width, height, body, { transparent = true } = {}) {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
  await page.screenshot({ path: file(out), omitBackground: transparent });
  await page.close();
}

mkdirSync(file('store/icons'), { recursive: true });
for (const size of [16, 32, 48, 128]) await render(`extension/icons/icon-${size}.png`, size, size, sized(size));
for (const size of [32, 64, 128]) await render(`store/icons/icon-${size}.png`, size, size, sized(size));
await render('store/icons/chrome-store-icon-128.png', 128, 128, `<div style="padding:16px">${sized(96)}</div>`);
// The tile: the icon and the name on a pale tint of the icon's green, with the English summary, so
// the tile says what the listing says.
await render('store/promo-tile-440x280.png', 440, 280, `
  <div style="box-sizing:border-box;width:440px;height:280px;padding:28px 30px;background:#e6f2f0;color:#0b3f39;
              font-family:system-ui,'DejaVu Sans',sans-serif;display:flex;flex-direction:column;justify-content:center;gap:20px">
    <div style="display:flex;align-items:center;gap:18px;line-height:0">
      ${sized(96)}
      <div style="font-size:36px;font-weight:700;line-height:1.1">${en.extName.message}</div>
    </div>
    <div style="font-size:17px;line-height:1.35">${en.extDescription.message}</div>
  </div>`, { transparent: false });
await browser.close();
console.log('icons written: extension/icons, store/icons, store/promo-tile-440x280.png');
