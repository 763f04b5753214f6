// Every page type, in light and dark colour schemes, at desktop and phone sizes: axe-core's
// WCAG 2.1 A and AA rules find no violation. Each view is also saved as a screenshot.
//
// Each page is loaded once per viewport and checked in both schemes: axe is put into the page
// once, run in light, the page is switched to dark (`emulateMedia`, what a context's
// `colorScheme` does too), and run again. Putting axe into a page costs more than running it,
// so this halves the file's time against loading each scheme separately.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, describe, test } from 'node:test';

import { artifactPath } from './support/artifacts.mjs';
import { SCHEMES, VIEWPORTS } from './support/browser.mjs';
import { visit } from './support/pages.mjs';
import { startSuite } from './support/suite.mjs';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { forum, chrome, pages, states } = await startSuite();

/** axe's findings as a person reads them: rule, why, and which elements. */
function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replaceAll('\n', '\n      ')}`)
        .join('\n');
      return `  ${v.id} (${v.impact}): ${v.help}\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe (already in the page) with the WCAG 2.1 AA rules. */
function runAxe(page) {
  return page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_21_AA,
  );
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  describe(viewportName, () => {
    const contexts = new Map();
    const contextFor = async (viewer) => {
      if (!contexts.has(viewer)) {
        contexts.set(
          viewer,
          await chrome.browser.newContext({ ...viewport, colorScheme: SCHEMES[0], storageState: states[viewer] }),
        );
      }
      return contexts.get(viewer);
    };
    after(async () => {
      for (const context of contexts.values()) await context.close();
    });

    for (const entry of pages) {
      test(`${entry.name} has no WCAG 2.1 AA violations in ${SCHEMES.join(' or ')}`, async (t) => {
        const context = await contextFor(entry.as);
        const page = await context.newPage();
        try {
          await visit(page, forum.url, entry);
          await page.evaluate(AXE_SOURCE);
          const found = [];
          for (const scheme of SCHEMES) {
            await page.emulateMedia({ colorScheme: scheme });
            await page.screenshot({
              path: await artifactPath('screenshots', `${viewportName}-${scheme}`, `${entry.name}.png`),
              fullPage: true,
            });
            const results = await runAxe(page);
            if (results.violations.length > 0) {
              found.push(`in ${scheme}:\n${describeViolations(results.violations)}`);
            }
            // What axe could not decide by itself is for a person to review; the report shows it.
            for (const item of results.incomplete) {
              t.diagnostic(`needs review (${scheme}): ${item.id} on ${item.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
            assert.ok(results.passes.length > 0, `axe ran no rules at all in ${scheme}`);
          }
          assert.equal(found.length, 0, `${entry.name} (${page.url()}) ${found.join('\n')}`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
