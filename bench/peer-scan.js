// The peer: a plain-JS scanner written the way the popular "withdraw old LinkedIn invitations"
// console scripts and bookmarklets read the page — one querySelectorAll over the rows, innerText
// of each row, a regular expression for the age — plus the same scoring the extension does
// (default policy: no note and ≥ 60 days, or a note and ≥ 90 days; oldest first, note-less first,
// then page order), so both sides produce a ranked proposal list from the same rendered rows.
//
// It does less than the extension: no deduplication, no unknown-layout checks, no panel. It is run
// in the page's MAIN world (page.evaluate), on the very DOM the extension scans, in the same page
// and the same run. The function is serialised by Playwright (page.evaluate(peerScan)): it must
// stay self-contained, and it times itself so that nothing of the evaluation round trip counts.

/** One peer scan of the current layout's rows; returns what it found and how long it took. */
export function peerScan() {
  const t0 = performance.now();
  const AGE = /Sent\s+(?:(\d+|an?)\s+(minute|hour|day|week|month|year)s?\s+ago|(today|yesterday))/i;
  const UNIT = { minute: 0, hour: 0, day: 1, week: 7, month: 30, year: 365 };
  const rows = document.querySelectorAll('main [data-testid="lazy-column"] > [role="listitem"]');
  const found = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const text = row.innerText;
    const m = AGE.exec(text);
    let days = null;
    if (m) {
      if (m[3]) days = m[3].toLowerCase() === 'today' ? 0 : 1;
      else days = (/^an?$/i.test(m[1]) ? 1 : Number(m[1])) * UNIT[m[2].toLowerCase()];
    }
    const link = row.querySelector('a[href*="/in/"]');
    const hasNote = row.querySelector('[data-testid="expandable-text-box"]') !== null;
    const name = (text.split('\n').find((l) => l.trim() !== '') || '').trim();
    const withdraw = row.querySelector('button[data-view-name="sent-invitations-withdraw-single"], a[aria-label^="Withdraw invitation"]');
    found.push({ i, name, profile: link ? link.getAttribute('href') : null, days, hasNote, withdraw: withdraw !== null });
  }
  const proposed = found
    .filter((r) => r.days !== null && r.withdraw && r.days >= (r.hasNote ? 90 : 60))
    .sort((a, b) => b.days - a.days || a.hasNote - b.hasNote || a.i - b.i);
  const ms = performance.now() - t0;
  return { ms, rows: found.length, proposed: proposed.length, unknownAges: found.filter((r) => r.days === null).length };
}
