#!/usr/bin/env node
// Mutation evidence for the adversarial suite (issue 7: "every item has a test that fails when the
// protection is removed"). Each mutation below removes or weakens ONE protection in the source;
// the harness applies it, rebuilds when the test needs the built extension, runs the one test
// that guards the protection, records KILLED (the test failed) or SURVIVED (it still passed), and
// always restores the file. See tests/mutants/README.md.
//
//   node tests/mutants/mutants.mjs                  every mutation; writes tests/mutants/results.md
//   node tests/mutants/mutants.mjs --only a,b       only these ids (prints the table, no results.md)
//   node tests/mutants/mutants.mjs --list           the mutations, and whether each still applies
//   node tests/mutants/mutants.mjs --no-baseline    skip running each test once unmutated first
//   node tests/mutants/mutants.mjs --figures        print the Figures section only
//
// Exit status: 0 only when every mutation applies and every mutant was killed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOGS = join(ROOT, 'target/mutants');
const RESULTS = join(ROOT, 'tests/mutants/results.md');

// Narrowed e2e runs: one test, Chromium only (tests/e2e/helpers.mjs reads E2E_BROWSERS).
const E2E = (pattern, file) => `E2E_BROWSERS=chromium node --test --test-concurrency=1 --test-name-pattern='${pattern}' tests/e2e/${file}`;
const HOST = (filter) => `cargo test --quiet --lib ${filter}`;
// Tier 2 in headless Chromium; the harness adds the runner's environment (see domEnv below).
const DOM = (filter) => `cargo test --target wasm32-unknown-unknown --test dom -- ${filter}`;

// -------------------------------------------------------------------------------------------------
// The mutations. `find` must occur exactly once in `file`; `replace` is what it becomes.
// needs: host (cargo test on the host) | dom (tier 2, wasm-bindgen-test in Chromium)
//        | e2e (./build.sh, then a node e2e test on dist/test/chrome) | check (a lint/check script)
// `weakness`: for a mutant known to survive: which test is too weak and the fix proposed (results.md).
// -------------------------------------------------------------------------------------------------
// The panel's name link set with set_inner_html instead of text: one mutation, caught twice (at
// run time by the hostile-text test, statically by the sink check).
const NAME_AS_HTML = {
    file: 'src/shell/dom/panel/rows.rs',
    find: String.raw`    name.set_text_content(Some(&inv.name));`,
    replace: String.raw`    name.set_inner_html(&inv.name);`,
};

export const MUTATIONS = [
  // 1. Age parsing: an unreadable age is never auto-chosen.
  {
    id: 'age-two-readings-first-wins',
    protection: '1 age: text that reads as two different ages is unreadable (None), never a guess',
    mutation: 'a second, different reading is ignored: the first age found wins',
    file: 'src/pure/age.rs',
    find: String.raw`Some(seen) if seen != d => return None,`,
    replace: String.raw`Some(seen) if seen != d => {}`,
    needs: 'host',
    test: HOST('age::tests::unreadable_is_none'),
  },
  {
    id: 'policy-unknown-age-proposed',
    protection: '1 age/policy: an invitation whose age is unknown is never proposed',
    mutation: 'is_proposed: unknown age (None) counts as old enough',
    file: 'src/pure/policy.rs',
    find: String.raw`            inv.has_withdraw && !policy.keeps(&inv.profile) && age >= policy.threshold(inv)
        }
        None => false,`,
    replace: String.raw`            inv.has_withdraw && !policy.keeps(&inv.profile) && age >= policy.threshold(inv)
        }
        None => true,`,
    needs: 'host',
    test: HOST('policy::tests::unknown_age_is_never_proposed'),
  },
  // 2. Name matching row <-> dialog.
  {
    id: 'names-prefix-match',
    protection: '2 names: a dialog naming someone else never matches the row (no prefix match)',
    mutation: 'check_dialog: the label name only has to START with the row name',
    file: 'src/pure/names.rs',
    find: String.raw`if !row.is_empty() && normalize_name(&name) == row {`,
    replace: String.raw`if !row.is_empty() && normalize_name(&name).starts_with(&row) {`,
    needs: 'host',
    test: HOST('names::tests::dialog_check_table'),
  },
  {
    id: 'names-always-same',
    protection: '2 names: a dialog naming someone else never matches the row (property)',
    mutation: 'check_dialog always answers Same',
    file: 'src/pure/names.rs',
    find: String.raw`pub fn check_dialog(row_name: &str, texts: &[String]) -> NameCheck {
    let row = normalize_name(row_name);`,
    replace: String.raw`pub fn check_dialog(row_name: &str, texts: &[String]) -> NameCheck {
    if !texts.is_empty() || texts.is_empty() {
        return NameCheck::Same;
    }
    let row = normalize_name(row_name);`,
    needs: 'host',
    test: HOST('names::tests::someone_else_is_never_the_same'),
  },
  // 3. CSV writer.
  {
    id: 'csv-no-quoting',
    protection: '3 csv: cells with comma, quote, CR or LF are quoted (RFC 4180 round trip)',
    mutation: 'push_cell never quotes a cell',
    file: 'src/pure/ledger.rs',
    find: String.raw`    if cell.contains([',', '"', '\r', '\n']) {`,
    replace: String.raw`    if cell.is_empty() && cell.contains([',', '"', '\r', '\n']) {`,
    needs: 'host',
    test: HOST('ledger::tests::csv_round_trips'),
  },
  {
    id: 'csv-no-formula-guard',
    protection: '3 csv: a cell starting with = + - @ TAB CR gets a protective apostrophe',
    mutation: 'guard() never adds the apostrophe',
    file: 'src/pure/ledger.rs',
    find: String.raw`fn guard(cell: &str) -> String {
    if needs_guard(cell) {`,
    replace: String.raw`fn guard(cell: &str) -> String {
    if cell.is_empty() && needs_guard(cell) {`,
    needs: 'host',
    test: HOST('ledger::tests::formula_cells_are_neutralised'),
  },
  // 4. Store decoding.
  {
    id: 'store-bad-record-not-quarantined',
    protection: '4 store: an unreadable ledger record is set aside in ledgerQuarantine, never dropped',
    mutation: 'decode_ledger: a bad record is reported but not kept aside',
    file: 'src/pure/store.rs',
    find: String.raw`                    Err(why) => {
                        changed = true;
                        quarantine.push(item);`,
    replace: String.raw`                    Err(why) => {
                        changed = true;`,
    needs: 'host',
    test: HOST('store::tests::every_valid_ledger_record_is_kept'),
  },
  {
    id: 'store-valid-record-dropped',
    protection: '4 store: every valid ledger record is kept, in order, next to bad ones',
    mutation: 'decode_ledger: a readable record is not pushed to the ledger',
    file: 'src/pure/store.rs',
    find: String.raw`                    Ok((entry, notes, replaced)) => {
                        entries.push(entry);`,
    replace: String.raw`                    Ok((_entry, notes, replaced)) => {`,
    needs: 'host',
    test: HOST('store::tests::ledger_invalid_entries_are_quarantined_and_valid_ones_kept'),
  },
  {
    id: 'store-future-schema-as-current',
    protection: '4 store: a value from a newer schema is kept untouched aside and reported',
    mutation: 'open(): a newer schema is read as if it were the current one',
    file: 'src/pure/store.rs',
    find: String.raw`(Some(v), Some(d)) if v == u64::from(SCHEMA) => opened.data = Some(d),`,
    replace: String.raw`(Some(v), Some(d)) if v >= u64::from(SCHEMA) => opened.data = Some(d),`,
    needs: 'host',
    test: HOST('store::tests::settings_from_a_newer_version_are_kept_untouched'),
  },
  {
    id: 'store-migrate-bare-dropped',
    protection: '4 store migration: a bare (schema 0, pre-envelope) value is wrapped, not lost',
    mutation: 'open(): a bare legacy value is read as nothing stored',
    file: 'src/pure/store.rs',
    find: String.raw`        // Schema 0: a bare value from before envelopes. Migrating is just wrapping it.
        opened.data = Some(raw.clone());`,
    replace: String.raw`        opened.data = None;`,
    needs: 'host',
    test: HOST('store::tests::ledger_that_is_not_a_list'),
  },
  {
    id: 'store-migrate-schema0-dropped',
    protection: '4 store migration: a {schema: 0} envelope is read and rewritten as schema 1',
    mutation: 'open(): the data of a schema-0 envelope is dropped',
    file: 'src/pure/store.rs',
    find: String.raw`        (Some(0), Some(d)) => {
            opened.data = Some(d);`,
    replace: String.raw`        (Some(0), Some(_d)) => {
            opened.data = None;`,
    needs: 'host',
    test: HOST('store::tests::settings_bare_legacy_value_is_wrapped'),
  },
  {
    id: 'shell-quarantine-not-written',
    protection: '4 store (shell): what a decode set aside is written under <key>Quarantine',
    mutation: 'background quarantine(): the set-aside values are not added to <key>Quarantine',
    file: 'src/shell/background/db.rs',
    find: String.raw`    list.extend(bad);`,
    replace: String.raw`    drop(bad);`,
    needs: 'e2e',
    test: E2E('corrupted storage is reported in the panel', 'storage.test.mjs'),
  },
  // 5. Hostile text: shown as text, never HTML.
  {
    id: 'panel-name-inner-html',
    protection: '5 hostile text: a name from the page is shown as text in the panel, never parsed as HTML',
    mutation: 'panel row: the name link gets set_inner_html(name) instead of text',
    ...NAME_AS_HTML,
    needs: 'e2e',
    test: E2E('hostile names, headlines and notes', 'adversarial.test.mjs'),
  },
  {
    id: 'panel-name-inner-html-sinks',
    protection: '5 hostile text: no HTML sink anywhere in extension code (lint)',
    mutation: 'the same set_inner_html(name) in the panel, caught statically',
    ...NAME_AS_HTML,
    needs: 'check',
    test: 'bash scripts/check-sinks.sh',
  },
  // 6. Same display name, two people.
  {
    id: 'find-row-by-name',
    protection: '6 same name, two people: a row is found by its profile, never by its display name',
    mutation: 'reader::find_row returns the FIRST card showing the same name as the profile\'s card',
    file: 'src/shell/dom/reader.rs',
    find: String.raw`            == Some(profile)
    })?;
    Some((found, row))`,
    replace: String.raw`            == Some(profile)
    })?;
    let shown = read_row(&row, found.layout).name;
    let row = rows(&found)
        .into_iter()
        .find(|r| read_row(r, found.layout).name == shown)
        .unwrap_or(row);
    Some((found, row))`,
    needs: 'dom',
    test: DOM('find_row_tells_same_named_people_apart'),
  },
  // 7. Rows without a withdraw control.
  {
    id: 'policy-no-withdraw-proposed',
    protection: '7 no withdraw control: such a row is never proposed',
    mutation: 'is_proposed ignores has_withdraw',
    file: 'src/pure/policy.rs',
    find: String.raw`            inv.has_withdraw && !policy.keeps(&inv.profile) && age >= policy.threshold(inv)`,
    replace: String.raw`            !policy.keeps(&inv.profile) && age >= policy.threshold(inv)`,
    needs: 'host',
    test: HOST('policy::tests::proposal_edges'),
  },
  // 8. Vanishing rows, re-rendered list: re-found by profile, never by index.
  {
    id: 'run-refind-row-by-index',
    protection: '8 re-render mid-run: each step re-finds its row by profile, never by position',
    mutation: 'step::attempt(): the row is taken at the invitation\'s scan position (index)',
    file: 'src/shell/content/step.rs',
    find: String.raw`    let Some(row) = find_row(s, profile).await else {`,
    replace: String.raw`    let Some(row) = reader::find_list(doc).and_then(|f| reader::rows(&f).into_iter().nth(inv.index)) else {`,
    needs: 'e2e',
    test: E2E('the list re-rendered mid-run', 'adversarial.test.mjs'),
  },
  {
    id: 'run-vanished-row-index-fallback',
    protection: '8 vanished row: a row no longer listed is skipped, nothing else is clicked in its place',
    mutation: 'step::attempt(): when the profile is not found, fall back to the card at its old position (the last card if the list got shorter)',
    file: 'src/shell/content/step.rs',
    find: String.raw`    let Some(row) = find_row(s, profile).await else {`,
    replace: String.raw`    let Some(row) = find_row(s, profile).await.or_else(|| reader::find_list(doc).and_then(|f| reader::rows(&f).into_iter().take(inv.index + 1).last())) else {`,
    needs: 'e2e',
    test: E2E('a row vanishing mid-run', 'adversarial.test.mjs'),
  },
  // 9. The dialog: new, and naming the same person.
  {
    id: 'actor-name-check-accepts-other',
    protection: '9 dialog: a dialog naming someone else is refused (dialog-name-mismatch)',
    mutation: 'actor::check_name accepts NameCheck::Other',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`        NameCheck::Same => Ok(()),`,
    replace: String.raw`        NameCheck::Same | NameCheck::Other(_) => Ok(()),`,
    needs: 'dom',
    test: DOM('dialog_'),
  },
  {
    id: 'run-skips-name-check',
    protection: '9 dialog: the run checks the dialog names the row\'s person before confirming',
    mutation: 'step::attempt(): the check_name call is removed, the confirm_candidate check only',
    file: 'src/shell/content/step.rs',
    find: String.raw`    let named = actor::check_name(doc, &dialog, &inv.name).and_then(|_| {
        actor::confirm_candidate(&dialog)
            .map(|_| ())
            .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoConfirm", Vec::new()))
    });`,
    replace: String.raw`    let named = actor::confirm_candidate(&dialog)
        .map(|_| ())
        .ok_or_else(|| stop(Reason::LayoutUnknown, "detailNoConfirm", Vec::new()));`,
    needs: 'e2e',
    test: E2E('dialog-name-mismatch on the 2nd', 'run.test.mjs'),
  },
  {
    id: 'dialog-need-not-be-new',
    protection: '9 dialog: only a dialog opened by this click counts (one open before it never does)',
    mutation: 'await_dialog: dialogs open before the click count as the click\'s dialog',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`                .any(|x| !before_v.iter().any(|b| b.is_same_node(Some(x))))`,
    replace: String.raw`                .any(|x| before_v.is_empty() || !before_v.is_empty() || x.is_connected())`,
    // the second half of the same protection, in the same function
    find2: String.raw`        .filter(|x| !before.iter().any(|b| b.is_same_node(Some(x))))`,
    replace2: String.raw`        .filter(|x| before.is_empty() || !before.is_empty() || x.is_connected())`,
    needs: 'e2e',
    test: E2E('stale-dialog on the 2nd', 'run.test.mjs'),
    weakness: [
      '`actor::await_dialog` takes only a dialog that was not open before the click, but no test ever',
      'has one open before it: the fixture page (`tests/fixtures/render.mjs` `onWithdraw`) closes its',
      'dialog on every withdraw click, and tier 2 cannot call `await_dialog` (its `stop_signal` check',
      'reads the runner\'s real URL, which is not LinkedIn, and stops with `navigated`). Proposed fix: a',
      'fail kind `stale-dialog` in `render.mjs` (added to `FAIL_KINDS`): after the previous confirm the',
      'page leaves that dialog open (`onConfirm` skips `closeDialog` when the next withdraw click has',
      '`stale-dialog`), and on the failing withdraw click `onWithdraw` neither closes it nor opens one;',
      'plus `[\'stale-dialog\', \'no-dialog\']` in the `STOPS` table of `tests/e2e/run.test.mjs`. Checked',
      'by hand on this commit (Chromium): the new test passes unmutated, and this mutant fails it',
      '(it stops with `dialog-name-mismatch`, not `no-dialog`).',
    ].join(' '),
  },
  // 10. Stop signals.
  {
    id: 'stop-error-toast-ignored',
    protection: '10 stop signals: an error toast stops the run (error-toast)',
    mutation: 'stop_signal: toasts are never read as errors',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`        if error_type || s::STOP_PHRASES.iter().any(|p| lower.contains(p)) {`,
    replace: String.raw`        if msg.is_empty() && (error_type || s::STOP_PHRASES.iter().any(|p| lower.contains(p))) {`,
    needs: 'dom',
    test: DOM('stop_signal_on_error_toasts'),
  },
  {
    id: 'stop-navigation-ignored',
    protection: '10 stop signals: a URL that is no longer the People list stops the run (navigated)',
    mutation: 'stop_signal: any other URL is treated like the People list',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`        _ => return Some(stop(Reason::Navigated, "detailNavigated")),`,
    replace: String.raw`        _ => {}`,
    needs: 'dom',
    test: DOM('stop_signal_ignores_the_extension_and_follows_the_url'),
  },
  // 11. The row must go after confirm.
  {
    id: 'row-stays-ignored',
    protection: '11 row stays: a row still listed after confirm stops the run (row-stays)',
    mutation: 'await_gone: a row that is still there is not an error',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`    if reader::find_row(doc, profile).is_some() {
        return Err(stop(Reason::RowStays, "detailRowStays"));
    }`,
    replace: '',
    needs: 'e2e',
    test: E2E('row-stays on the 2nd', 'run.test.mjs'),
  },
  // 12. The cap.
  {
    id: 'cap-clock-back-frees-slots',
    protection: '12 cap: a clock set back frees nothing (effective time = highest reading seen)',
    mutation: 'observe(): effective time follows the clock, also backwards',
    file: 'src/pure/cap.rs',
    find: String.raw`        now_ms.max(high)`,
    replace: String.raw`        now_ms`,
    needs: 'host',
    test: HOST('cap::tests::a_clock_going_back_is_a_clock_standing_still'),
  },
  {
    id: 'bg-grant-always',
    protection: '12 cap: the background grants a withdrawal only under the cap, across tabs',
    mutation: 'bg-grant: the cap\'s decision is ignored, every request is granted',
    file: 'src/shell/background/mod.rs',
    find: String.raw`                    match cap::request(&mut db.cap, db.settings.cap, now, off, &id, &mut MathRandom)`,
    replace: String.raw`                    match ({
                        let _ = cap::request(&mut db.cap, db.settings.cap, now, off, &id, &mut MathRandom);
                        Decision::Granted { count: 0, cap: 0 }
                    })`,
    needs: 'e2e',
    test: E2E('two tabs running at once stay within one cap', 'run.test.mjs'),
  },
  // 13. Journal / write-ahead intent.
  {
    id: 'journal-in-flight-not-refused',
    protection: '13 journal: a person already in a step (any tab) is refused a second grant',
    mutation: 'check_new ignores the journal (InFlight never returned)',
    file: 'src/pure/journal.rs',
    find: String.raw`    if journal.iter().any(|i| i.profile == profile) {`,
    replace: String.raw`    if journal.is_empty() && journal.iter().any(|i| i.profile == profile) {`,
    needs: 'host',
    test: HOST('journal::tests::the_same_person_is_never_in_two_steps'),
  },
  {
    id: 'write-ahead-removed',
    protection: '13 write-ahead: the intent (with its ledger record) is stored before the confirm click',
    mutation: 'step::attempt(): bg-confirming is never sent (bg::confirming not called)',
    file: 'src/shell/content/step.rs',
    find: String.raw`    if bg::confirming(&id, &entry).await.is_err() {`,
    replace: String.raw`    let _ = &entry;
    if id.is_empty() && id.len() == 1 {`,
    needs: 'e2e',
    test: E2E('after a confirm click, before the row goes', 'run.test.mjs'),
  },
  // 14. Storage errors.
  {
    id: 'write-ahead-failure-ignored',
    protection: '14 storage: a failed write-ahead (quota) stops the step before its confirm',
    mutation: 'step::attempt(): an error answer to bg-confirming is ignored',
    file: 'src/shell/content/step.rs',
    find: String.raw`    if bg::confirming(&id, &entry).await.is_err() {`,
    replace: String.raw`    if bg::confirming(&id, &entry).await.is_err() && id.is_empty() {`,
    needs: 'e2e',
    test: E2E('storage full', 'lifecycle.test.mjs'),
  },
  {
    id: 'write-ahead-failure-wrong-reason',
    protection: '14 storage: a failed write-ahead stops with reason "storage"',
    mutation: 'step::attempt(): the write-ahead failure stops with reason no-dialog instead of storage',
    file: 'src/shell/content/step.rs',
    find: String.raw`stop(Reason::Storage, "detailWriteAhead", Vec::new())`,
    replace: String.raw`stop(Reason::NoDialog, "detailWriteAhead", Vec::new())`,
    needs: 'e2e',
    test: E2E('storage full', 'lifecycle.test.mjs'),
    weakness: [
      '`tests/e2e/lifecycle.test.mjs` "storage full" checks only `reason !== \'layout-unknown\'` and that',
      'the panel text mentions storage/record, so any other wrong reason code passes (no e2e test asserts',
      'the code `storage` anywhere). Proposed fix: in cases A and C replace',
      '`a.reason !== \'layout-unknown\'` / `c.reason !== \'layout-unknown\'` with `a.reason === \'storage\'` /',
      '`c.reason === \'storage\'` (the contract\'s code for "could not record its work"). Checked on this',
      'commit: the test passes unmutated, and this mutant fails it (C: got "no-dialog").',
    ].join(' '),
  },
  // 15. Manifest permissions.
  {
    id: 'manifest-extra-permission',
    protection: '15 manifest: permissions are exactly ["storage"] plus the one host',
    mutation: 'manifest.json asks for "tabs" too',
    file: 'manifest.json',
    find: String.raw`  "permissions": [
    "storage"
  ],`,
    replace: String.raw`  "permissions": [
    "storage",
    "tabs"
  ],`,
    needs: 'check',
    test: 'node scripts/check-manifest.mjs',
  },
  // 16. No network requests of our own.
  {
    id: 'content-js-fetch',
    protection: '16 network: the extension makes no request of its own',
    mutation: 'content.js fetches a LinkedIn API path on every page it runs on',
    file: 'extension/content.js',
    find: String.raw`  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;`,
    replace: String.raw`  'use strict';
  fetch('/voyager/api/invite-sweeper-probe', { credentials: 'include' }).catch(() => {});
  const api = globalThis.browser ?? globalThis.chrome;`,
    needs: 'e2e',
    test: E2E('make no network request besides the page itself', 'adversarial.test.mjs'),
  },
  // 17. Layout drift: a wrong click must be impossible.
  {
    id: 'dialog-shadow-root-not-searched',
    protection: '17 layout drift: a confirm dialog portalled into an open shadow root is found',
    mutation: 'open_dialogs: shadow roots are never entered',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`                if let Some(sr) = el.shadow_root() {`,
    replace: String.raw`                if let Some(sr) = el.shadow_root().filter(|r| !r.is_connected()) {`,
    needs: 'dom',
    test: DOM('dialog_in_shadow_root'),
  },
  {
    id: 'confirm-may-be-cancel',
    protection: '17 layout drift: the confirm button is never a Cancel button, whatever its classes',
    mutation: 'confirm_candidate (which confirm_button and await_confirm use): the final "not Cancel" filter is removed',
    file: 'src/shell/dom/actor.rs',
    find: String.raw`        .filter(|b| !label_is(b, s::CANCEL_WORDS) && is_rendered(b))`,
    replace: String.raw`        .filter(|b| is_rendered(b))`,
    needs: 'dom',
    test: DOM('confirm_button_is_never_cancel'),
    weakness: [
      'The last filter of `actor::confirm_candidate` (behind `confirm_button`) refuses a candidate labelled Cancel, but',
      '`confirm_button_is_never_cancel` (tests/dom.rs) only removes the primary button, so the CONFIRM',
      'selector then matches nothing and the filter is never reached: the layer is untested on its own.',
      'Proposed fix: one more case in that test — in `legacy-dialog`, remove the primary button and add',
      'the class `artdeco-button--primary` to the Cancel button (a deploy that swaps the classes), then',
      '`assert_eq!(actor::confirm_button(&d).map(|_| ()).map_err(|s| s.reason), Err(Reason::LayoutUnknown))`.',
      'Checked on this commit: the test passes unmutated, and with this mutant the Cancel button is',
      'returned and the assertion fails.',
    ].join(' '),
  },
  {
    id: 'scan-unknown-layout-acted-on',
    protection: '17 layout drift: a page whose list is not recognised is refused (layout-unknown), never acted on',
    mutation: 'verdict(): no recognised list (and not the empty state) reads as the People list',
    file: 'src/pure/scan.rs',
    find: String.raw`        None => Verdict::LayoutUnknown,`,
    replace: String.raw`        None => Verdict::People,`,
    needs: 'host',
    test: HOST('scan::tests::verdicts'),
  },
];

// -------------------------------------------------------------------------------------------------
// Figures for the closing note, read from the tests themselves where that is simple (and checked
// against the text, so a changed test shows up here), else a static count with its source.
// -------------------------------------------------------------------------------------------------

/** Every proptest! block in src/: its properties and cases per property (256 unless configured). */
function proptestFigures() {
  const files = gitLs('src').filter((f) => f.endsWith('.rs'));
  const rows = [];
  for (const f of files) {
    const s = readFileSync(join(ROOT, f), 'utf8');
    const re = /proptest!\s*\{/g;
    let m;
    while ((m = re.exec(s))) {
      let i = m.index + m[0].length;
      let depth = 1;
      while (depth && i < s.length) {
        if (s[i] === '{') depth++;
        else if (s[i] === '}') depth--;
        i++;
      }
      const body = s.slice(m.index + m[0].length, i);
      const cfg = body.match(/with_cases\((\d+)\)/);
      const cases = cfg ? Number(cfg[1]) : 256;
      const names = [...body.matchAll(/#\[test\]\s*(?:\/\/\/[^\n]*\n\s*)*fn\s+(\w+)/g)].map((x) => x[1]);
      const line = s.slice(0, m.index).split('\n').length;
      rows.push({ file: `${f}:${line}`, cases, configured: !!cfg, names });
    }
  }
  return rows;
}

async function figures() {
  const out = [];
  const props = proptestFigures();
  const nProps = props.reduce((n, r) => n + r.names.length, 0);
  const nCases = props.reduce((n, r) => n + r.cases * r.names.length, 0);
  out.push(`- **Property tests** (proptest; 256 cases per property unless the block sets \`with_cases\`; no \`PROPTEST_CASES\` is set by the scripts): ${nProps} properties, ${nCases} cases per full \`cargo test\` run.`);
  for (const r of props) {
    out.push(`  - \`${r.file}\`: ${r.names.length} × ${r.cases}${r.configured ? ' (configured)' : ' (default)'} — ${r.names.join(', ')}`);
  }
  const { HOSTILE_ROWS } = await import(join(ROOT, 'tests/fixtures/render.mjs'));
  const fields = HOSTILE_ROWS.flatMap((r) => [r.name, r.hl, r.note].filter((x) => x != null));
  const markup = fields.filter((x) => /[<>]/.test(x)).length;
  const bidi = fields.filter((x) => /[\u202a-\u202e\u2066-\u2069]/.test(x)).length;
  const names = HOSTILE_ROWS.map((r) => r.name);
  const twins = names.filter((n) => names.filter((x) => x === n).length === 2).length / 2;
  out.push(`- **Hostile page text** (\`tests/fixtures/render.mjs\` HOSTILE_ROWS, used by \`tests/e2e/adversarial.test.mjs\` test 1): ${HOSTILE_ROWS.length} hostile rows carrying ${fields.length} page-text strings (${HOSTILE_ROWS.length} names, ${HOSTILE_ROWS.length} headlines of which ${HOSTILE_ROWS.filter((r) => r.hl === '').length} empty, ${HOSTILE_ROWS.filter((r) => r.note != null).length} notes): ${markup} with markup/script, ${bidi} with bidi overrides, 1 name of ${Math.max(...names.map((n) => n.length))} characters, ${twins} same-name pair. Each is compared with a benign twin page (element counts by tag, \`window.__pwned\` in every JS world).`);
  // Static counts, each read from the file cited (re-check them when those tests change).
  const lifecycle = readFileSync(join(ROOT, 'tests/e2e/lifecycle.test.mjs'), 'utf8');
  const variants = (lifecycle.match(/const VARIANTS = \[([\s\S]*?)\n {4}\];/)?.[1].match(/^\s{8}name: /gm) ?? []).length;
  const faults = (lifecycle.match(/for \(const fault of \[([^\]]*)\]\)/)?.[1].split(',').length) ?? 0;
  out.push(`- **Storage fault scenarios** (end to end): ${2 + faults + variants + 1} — \`tests/e2e/lifecycle.test.mjs\` test 4 "storage full" (2: the quota full before the start, and full just before the 3rd write-ahead), test 1b "worker dies mid-message" (${faults}: a stored write-ahead never answered, a settle never stored), test 5 "corrupt stored data" (${variants} variants); \`tests/e2e/storage.test.mjs\` (1: a ledger with 2 bad records, settings not a record and a damaged cap book together). Host side, \`src/pure/store.rs\` tests the decoders table by table plus 2 properties.`);
  out.push('- **Concurrency / lifecycle scenarios** (end to end): 11 — `tests/e2e/lifecycle.test.mjs`: the service worker killed mid-run at 3 points of a step (Chromium), the event page suspended between every step (Firefox), pause pressed as a step finishes, the worker killed with a message in flight (2: confirming, settle), the browser closed right after a confirm click and reopened, popup and panel start pressed at once (7 scenarios: 6 runs in Chromium, 4 in Firefox); `tests/e2e/run.test.mjs`: two tabs running at once under one cap, a reload mid-run (3: between withdrawals, after a confirm click before the row goes, a stale list) (4 scenarios, each in both browsers).');
  const adv = readFileSync(join(ROOT, 'tests/e2e/adversarial.test.mjs'), 'utf8');
  const chromium = Number(adv.match(/chromium: \{ count: (\d+)/)?.[1] ?? NaN);
  const ff = (adv.match(/firefox: \{[^}]*only: \[([^\]]*)\]/)?.[1].split(',').length) ?? 0;
  const { variants: mkVariants } = await import(join(ROOT, 'tests/fixtures/mutate.mjs'));
  const specs = mkVariants(chromium, Number(adv.match(/chromium: \{ count: \d+, seed: (\d+)/)?.[1] ?? 7));
  out.push(`- **Layout mutations** (\`tests/fixtures/mutate.mjs\`, run by \`tests/e2e/adversarial.test.mjs\` test 4): ${specs.length} seeded variants in Chromium (${specs.filter((v) => v.ops.shadow || v.render.dialog === 'shadow').length} with the dialog in a shadow root, ${specs.filter((v) => v.ops.remove).length} with a decoration removed) and ${ff} of them in Firefox, ${specs.length + ff} variant runs. Each run asserts zero wrong clicks: every click a withdraw or confirm on one of the 2 chosen rows, every confirmed dialog naming that row's person, no click after the run ended, and the page's withdrawals equal to the paired targets — any other click fails the test.`);
  return out;
}

// -------------------------------------------------------------------------------------------------
// Running things.
// -------------------------------------------------------------------------------------------------

let current = null; // the child process running now (killed with its group on SIGINT/SIGTERM)
const applied = new Map(); // file -> original text, while mutated

function gitLs(dir) {
  const r = spawnSyncText('git', ['ls-files', dir]);
  if (r.status !== 0) throw new Error(`git ls-files ${dir}: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean);
}

function spawnSyncText(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

function domEnv() {
  const lock = readFileSync(join(ROOT, 'Cargo.lock'), 'utf8');
  const ver = lock.match(/name = "wasm-bindgen"\nversion = "([^"]+)"/)?.[1];
  return {
    PATH: `${join(ROOT, `.tools/wasm-bindgen-${ver}/bin`)}:${process.env.PATH}`,
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner',
    CHROMEDRIVER: '/usr/bin/chromedriver',
    WASM_BINDGEN_TEST_TIMEOUT: '120',
  };
}

/** Runs `command` in bash at the repo root; resolves { code, out, ms, timedOut }. */
function run(command, { env = {}, timeoutMs = 20 * 60000, log } = {}) {
  return new Promise((resolvePromise) => {
    const t0 = Date.now();
    const child = spawn('bash', ['-c', command], {
      cwd: ROOT,
      // Proptest must not write proptest-regressions/ files into the tree for a mutant's failures.
      env: { ...process.env, PROPTEST_DISABLE_FAILURE_PERSISTENCE: '1', ...env },
      detached: true, // its own process group: a timeout or Ctrl-C ends the browsers it started too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try { process.kill(-child.pid, 'SIGTERM'); } catch {}
      setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5000);
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      current = null;
      if (log) writeFileSync(log, `$ ${command}\n${out}\n[exit ${code}${timedOut ? ', timed out' : ''} after ${Date.now() - t0} ms]\n`);
      resolvePromise({ code: timedOut ? 124 : code ?? 1, out, ms: Date.now() - t0, timedOut });
    });
  });
}

function count(hay, needle) {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) n++;
  return n;
}

/** The (find, replace) pairs of a mutation. */
function edits(m) {
  const list = [[m.find, m.replace]];
  if (m.find2 !== undefined) list.push([m.find2, m.replace2]);
  return list;
}

/** Whether every `find` of `m` occurs exactly once; else why not. */
function staleness(m) {
  const path = join(ROOT, m.file);
  if (!existsSync(path)) return `${m.file} does not exist`;
  const text = readFileSync(path, 'utf8');
  for (const [find] of edits(m)) {
    const n = count(text, find);
    if (n !== 1) return `stale: no longer applies (the text to replace occurs ${n} times in ${m.file}: ${JSON.stringify(find.split('\n')[0].trim())})`;
  }
  return null;
}

function apply(m) {
  const path = join(ROOT, m.file);
  const original = readFileSync(path, 'utf8');
  let text = original;
  for (const [find, replace] of edits(m)) text = text.replace(find, () => replace);
  if (text === original) throw new Error(`${m.id}: the mutation changes nothing`);
  applied.set(m.file, original);
  writeFileSync(path, text);
}

/** Writes the original back, then `git checkout -- file` as belt and braces. */
function restore(file) {
  const original = applied.get(file);
  if (original !== undefined) {
    writeFileSync(join(ROOT, file), original);
    applied.delete(file);
  }
  const r = spawnSyncText('git', ['checkout', '--', file]);
  if (r.status !== 0) console.error(`git checkout -- ${file} failed: ${r.stderr}`);
}

function restoreAll() {
  for (const file of [...applied.keys()]) restore(file);
}

function onSignals() {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping, restoring files`);
      if (current) { try { process.kill(-current.pid, 'SIGKILL'); } catch {} }
      restoreAll();
      process.exit(130);
    });
  }
}

/** Did the command fail because the mutant does not compile (which proves nothing)? */
function compileError(out) {
  return /error(\[E\d+\])?: |could not compile/.test(out) && /could not compile|error\[E\d+\]/.test(out);
}

/** The first line of the failing assertion, from cargo, wasm-bindgen-test, node --test or a script. */
export function excerpt(out, needs) {
  const lines = out.split('\n');
  const clean = (s) => s.replace(/\s+/g, ' ').trim();
  const i = lines.findIndex((l) => /panicked at /.test(l));
  if (i >= 0) {
    const where = clean(lines[i]).replace(/^thread '.*?' \(\d+\) /, '').replace(/^thread '.*?' /, '').replace(/:$/, '');
    const msg = clean(lines[i + 1] ?? '');
    return `${msg} (${where})`;
  }
  const nok = lines.findIndex((l) => /^\s*not ok \d+ - /.test(l) && !/# SKIP/.test(l));
  if (nok >= 0) {
    // TAP: the innermost failing test's error block.
    for (let k = nok + 1; k < lines.length && k < nok + 80; k++) {
      const m = lines[k].match(/^\s*error: (.*)$/);
      if (!m) continue;
      if (/^[|>]-?$/.test(m[1].trim())) {
        const body = [];
        for (let j = k + 1; j < lines.length && body.length < 2; j++) {
          const t = clean(lines[j]);
          if (!t) continue;
          if (/^(code|name|expected|actual|operator|stack|failureType|location):/.test(t)) break;
          if (/^\+ actual - expected/.test(t)) break; // the diff that follows is not the message
          body.push(t);
        }
        return body.join(' ');
      }
      return clean(m[1]).replace(/^'(.*)'$/, '$1');
    }
    return clean(lines[nok]);
  }
  if (needs === 'check') return lines.map(clean).filter(Boolean).slice(0, 2).join(' ');
  const err = lines.find((l) => /Error|error:|FAILED|failed/.test(l));
  return clean(err ?? lines.filter((l) => l.trim()).at(-1) ?? '');
}

function md(s) {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function short(s, n = 170) {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function fmtMs(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

// -------------------------------------------------------------------------------------------------

const ORDER = { host: 0, check: 1, dom: 2, e2e: 3 };
const TIMEOUT = { host: 10 * 60000, check: 5 * 60000, dom: 10 * 60000, e2e: 15 * 60000 };

async function main() {
  onSignals();
  const args = process.argv.slice(2);
  const opt = (name) => args.includes(name);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : null;
  const ids = new Set(MUTATIONS.map((m) => m.id));
  if (ids.size !== MUTATIONS.length) throw new Error('duplicate mutation ids');
  if (only) for (const id of only) if (!ids.has(id)) throw new Error(`unknown id ${id} (see --list)`);

  if (opt('--figures')) {
    console.log((await figures()).join('\n'));
    process.exit(0);
  }

  if (opt('--list')) {
    for (const m of MUTATIONS) {
      const st = staleness(m);
      console.log(`${m.id.padEnd(36)} ${m.needs.padEnd(5)} ${st ? 'STALE ' : 'ok    '} ${m.file}\n    ${m.protection}\n    test: ${m.test}${st ? `\n    ${st}` : ''}`);
    }
    const stale = MUTATIONS.filter(staleness).length;
    console.log(`\n${MUTATIONS.length} mutations, ${stale} stale`);
    process.exit(stale ? 1 : 0);
  }

  const chosen = MUTATIONS.filter((m) => !only || only.includes(m.id))
    .map((m, i) => ({ m, i }))
    .sort((a, b) => ORDER[a.m.needs] - ORDER[b.m.needs] || a.i - b.i)
    .map(({ m }) => m);

  // Never overwrite someone's work: every file a mutation touches must be committed as it is.
  const files = [...new Set(chosen.map((m) => m.file))];
  const dirty = spawnSyncText('git', ['status', '--porcelain', '--', ...files]).stdout.trim();
  if (dirty) {
    console.error(`refusing to run: these files have uncommitted changes (the harness restores them with git checkout):\n${dirty}`);
    process.exit(2);
  }

  mkdirSync(LOGS, { recursive: true });
  const t0 = Date.now();
  const commit = spawnSyncText('git', ['rev-parse', 'HEAD']).stdout.trim();
  const results = [];
  const needsBuild = chosen.some((m) => m.needs === 'e2e');
  const envFor = (m) => (m.needs === 'dom' ? domEnv() : {});
  const baseline = new Map();
  const baselined = !opt('--no-baseline');

  try {
    if (needsBuild) {
      console.log('==> ./build.sh (unmutated, for the baselines)');
      const b = await run('./build.sh', { log: join(LOGS, 'build-initial.log'), timeoutMs: 30 * 60000 });
      if (b.code !== 0) throw new Error(`the unmutated build failed: see ${join(LOGS, 'build-initial.log')}`);
    }

    // Baselines: each test command once without any mutation. A test that already fails proves
    // nothing when it fails with a mutant.
    if (!opt('--no-baseline')) {
      const commands = [...new Map(chosen.filter((m) => !staleness(m)).map((m) => [m.test, m])).values()];
      for (const [k, m] of commands.entries()) {
        process.stdout.write(`==> baseline ${k + 1}/${commands.length}: ${m.test} ... `);
        let r = await run(m.test, { env: envFor(m), log: join(LOGS, `baseline-${k + 1}.log`), timeoutMs: TIMEOUT[m.needs] });
        if (r.code !== 0 && m.needs !== 'host') r = await run(m.test, { env: envFor(m), log: join(LOGS, `baseline-${k + 1}-rerun.log`), timeoutMs: TIMEOUT[m.needs] });
        baseline.set(m.test, r.code === 0 ? 'pass' : `fails unmutated: ${short(excerpt(r.out, m.needs), 120)}`);
        console.log(`${r.code === 0 ? 'passes' : 'FAILS'} (${fmtMs(r.ms)})`);
      }
    }

    for (const [k, m] of chosen.entries()) {
      const res = { m, result: '', excerpt: '', ms: 0, detail: '' };
      results.push(res);
      const tm = Date.now();
      process.stdout.write(`==> ${k + 1}/${chosen.length} ${m.id} [${m.needs}] ... `);
      const stale = staleness(m);
      if (stale) {
        res.result = 'STALE';
        res.excerpt = stale;
        console.log('STALE');
        continue;
      }
      const base = baseline.get(m.test);
      if (base && base !== 'pass') {
        res.result = 'BASELINE-FAILS';
        res.excerpt = base;
        console.log('BASELINE-FAILS');
        continue;
      }
      const log = join(LOGS, `${m.id}.log`);
      try {
        apply(m);
        if (m.needs === 'e2e') {
          const b = await run('./build.sh', { log: join(LOGS, `${m.id}.build.log`), timeoutMs: 30 * 60000 });
          if (b.code !== 0) {
            res.result = 'ERROR';
            res.excerpt = `the mutant does not build: ${short(excerpt(b.out, 'host'), 140)}`;
            console.log('ERROR (build)');
            continue;
          }
        }
        let r = await run(m.test, { env: envFor(m), log, timeoutMs: TIMEOUT[m.needs] });
        if (r.code !== 0 && (m.needs === 'host' || m.needs === 'dom') && compileError(r.out)) {
          res.result = 'ERROR';
          res.excerpt = `the mutant does not compile: ${short(r.out.split('\n').find((l) => /^error/.test(l)) ?? '', 140)}`;
          console.log('ERROR (compile)');
          continue;
        }
        // A survivor in a browser may be a flake of a busy machine: run it once more.
        if (r.code === 0 && (m.needs === 'e2e' || m.needs === 'dom')) {
          console.log('survived, rerunning once ... ');
          const again = await run(m.test, { env: envFor(m), log: join(LOGS, `${m.id}.rerun.log`), timeoutMs: TIMEOUT[m.needs] });
          if (again.code !== 0) { r = again; res.detail = 'killed on the rerun'; }
          else res.detail = 'survived twice';
        }
        res.result = r.code === 0 ? 'SURVIVED' : 'KILLED';
        if (r.timedOut) res.detail = 'the test timed out';
        res.excerpt = r.code === 0 ? (m.weakness ? 'the guarding test still passes (see Test weaknesses)' : 'the guarding test still passes') : excerpt(r.out, m.needs);
      } finally {
        restore(m.file);
        res.ms = Date.now() - tm;
      }
      console.log(`${res.result} (${fmtMs(res.ms)})${res.result === 'KILLED' ? `: ${short(res.excerpt, 110)}` : ''}`);
    }
  } finally {
    restoreAll();
    if (needsBuild) {
      console.log('==> ./build.sh (unmutated: dist/ back to the committed source)');
      const b = await run('./build.sh', { log: join(LOGS, 'build-final.log'), timeoutMs: 30 * 60000 });
      if (b.code !== 0) console.error(`the final unmutated build failed: see ${join(LOGS, 'build-final.log')}`);
    }
  }

  const left = spawnSyncText('git', ['status', '--porcelain', '--', ...files]).stdout.trim();
  if (left) console.error(`WARNING: files still differ from git after the run:\n${left}`);

  const total = Date.now() - t0;
  const tally = (r) => results.filter((x) => x.result === r).length;
  const totals = `${results.length} mutants: ${tally('KILLED')} killed, ${tally('SURVIVED')} survived, ${tally('STALE')} stale${tally('ERROR') ? `, ${tally('ERROR')} error` : ''}${tally('BASELINE-FAILS') ? `, ${tally('BASELINE-FAILS')} with a test that fails unmutated` : ''}`;
  const table = [
    '| id | protection | mutation (short) | test | result | failing assertion excerpt |',
    '|---|---|---|---|---|---|',
    ...results.map(({ m, result, excerpt: ex, detail }) => `| \`${m.id}\` | ${md(m.protection)} | ${md(m.mutation)} (\`${m.file}\`) | \`${md(m.test)}\` | **${result}**${detail ? ` (${detail})` : ''} | ${md(short(ex, 220))} |`),
  ].join('\n');
  console.log(`\n${table}\n\n${totals}; ${fmtMs(total)}`);

  if (!only) {
    const survivors = results.filter((r) => r.result !== 'KILLED');
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const doc = [
      '# Mutation evidence for the adversarial suite',
      '',
      'Written by `node tests/mutants/mutants.mjs` (see README.md in this folder): each protection removed',
      'or weakened one at a time, the one test that guards it run against the mutant, the file restored.',
      'KILLED = the test failed with the mutant in place; SURVIVED = it still passed.',
      baselined ? 'Every test was first run once without any mutation and passed (the baseline), so a failure is\nthe mutant\'s doing.' : 'No baseline run (--no-baseline).',
      'End-to-end tests ran in Chromium only (`E2E_BROWSERS=chromium`), against `./build.sh`\'s test build of the mutant.',
      '',
      `- Date: ${date}`,
      `- Commit: ${commit}`,
      `- Machine: ${(await import('node:os')).cpus().length} cores; total run time ${fmtMs(total)}`,
      `- Totals: ${totals}`,
      '',
      table,
      '',
      '## Survivors, stale mutations and test weaknesses',
      '',
      survivors.length === 0 ? 'None: every mutant was killed.' : survivors.map(({ m, result, excerpt: ex }) => `- \`${m.id}\` — **${result}**. ${m.weakness ?? ex ?? ''}`).join('\n'),
      '',
      ...(survivors.length ? ['The fixes proposed here are not applied by this harness (it changes no test).', ''] : []),
      '## Figures',
      '',
      'From the existing tests (read from the files cited):',
      '',
      ...(await figures()),
      '',
    ].join('\n');
    writeFileSync(RESULTS, doc);
    console.log(`wrote ${RESULTS}`);
  } else {
    console.log('(--only: results.md not written)');
  }
  process.exit(results.every((r) => r.result === 'KILLED') ? 0 : 1);
}

// Run only when executed, not when imported (importing must never start mutating files).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    restoreAll();
    console.error(e?.stack ?? e);
    process.exit(2);
  });
}
