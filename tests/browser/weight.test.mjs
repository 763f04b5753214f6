// What each page type costs to load on a first visit, as the browser receives it (headers and
// compressed bodies of the HTML, CSS, scripts, fonts and images): none may pass 50 KB.
// The figures go to tests/artifacts/page-weight.md for docs/performance.md.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, test } from 'node:test';

import { artifactPath } from './support/artifacts.mjs';
import { visit } from './support/pages.mjs';
import { startSuite } from './support/suite.mjs';

/** DESIGN.md: "page weight < 50 KB per page (HTML + CSS + JS)". */
const LIMIT_BYTES = 50 * 1000;

const { forum, chrome, pages, states } = await startSuite();

/**
 * Loads one page in a new context with the cache off (as a first visit) and adds up every
 * response it fetched, by kind.
 */
async function weigh(entry) {
  const context = await chrome.browser.newContext({ storageState: states[entry.as] });
  const page = await context.newPage();
  try {
    // A page that answers a form counts from the moment the form is sent (a POST, or a GET
    // form such as the advanced search), with the cache emptied first, so it loads its
    // stylesheet and icon as a first visit would.
    let counting = !entry.fill;
    const finished = [];
    page.on('requestfinished', (request) => {
      if (counting) finished.push(request);
    });
    const cdp = await context.newCDPSession(page);
    await visit(page, forum.url, entry, {
      beforeSubmit: async () => {
        await cdp.send('Network.clearBrowserCache');
        counting = true;
      },
    });
    // The icon is fetched after `load`; wait for the network to settle so it is counted.
    await page.waitForLoadState('networkidle');
    const byKind = {};
    let total = 0;
    for (const request of finished) {
      const sizes = await request.sizes();
      const bytes = sizes.responseHeadersSize + sizes.responseBodySize;
      const kind = request.resourceType();
      byKind[kind] = (byKind[kind] ?? 0) + bytes;
      total += bytes;
    }
    return { name: entry.name, path: new URL(page.url()).pathname, total, byKind, requests: finished.length };
  } finally {
    await context.close();
  }
}

const measured = [];

for (const entry of pages) {
  test(`${entry.name} weighs under 50 KB on a first visit`, async () => {
    const weight = await weigh(entry);
    measured.push(weight);
    assert.ok(weight.total > 0, `${entry.name}: nothing was counted`);
    assert.ok(
      weight.total <= LIMIT_BYTES,
      `${entry.name} transferred ${weight.total} bytes (${JSON.stringify(weight.byKind)}), over ${LIMIT_BYTES}`,
    );
  });
}

after(async () => {
  const rows = measured.map(
    (w) =>
      `| ${w.name} | ${(w.total / 1000).toFixed(1)} KB | ` +
      `${Object.entries(w.byKind)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, bytes]) => `${kind} ${(bytes / 1000).toFixed(1)}`)
        .join(', ')} |`,
  );
  const table = [
    "| page | transferred | by kind (KB, headers included; 'other' is the icon) |",
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
  await writeFile(await artifactPath('page-weight.md'), `${table}\n`);
});
