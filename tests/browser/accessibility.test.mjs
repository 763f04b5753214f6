// Every page type, in light and dark colour schemes, at desktop and phone sizes: axe-core's
// WCAG 2.1 A and AA rules find no violation. Each view is also saved as a screenshot.

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { AxeBuilder } from '@axe-core/playwright';

import { artifactPath } from './support/artifacts.mjs';
import { SCHEMES, VIEWPORTS } from './support/browser.mjs';
import { visit } from './support/pages.mjs';
import { startSuite } from './support/suite.mjs';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

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

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  for (const scheme of SCHEMES) {
    describe(`${viewportName}, ${scheme}`, () => {
      const contexts = new Map();
      const contextFor = async (viewer) => {
        if (!contexts.has(viewer)) {
          contexts.set(
            viewer,
            await chrome.browser.newContext({ ...viewport, colorScheme: scheme, storageState: states[viewer] }),
          );
        }
        return contexts.get(viewer);
      };
      after(async () => {
        for (const context of contexts.values()) await context.close();
      });

      for (const entry of pages) {
        test(`${entry.name} has no WCAG 2.1 AA violations`, async (t) => {
          const context = await contextFor(entry.as);
          const page = await context.newPage();
          try {
            await visit(page, forum.url, entry);
            await page.screenshot({
              path: await artifactPath('screenshots', `${viewportName}-${scheme}`, `${entry.name}.png`),
              fullPage: true,
            });
            const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
            assert.equal(
              results.violations.length,
              0,
              `${entry.name} (${page.url()}):\n${describeViolations(results.violations)}`,
            );
            assert.ok(results.passes.length > 0, 'axe ran no rules at all');
            // What axe could not decide by itself is for a person to review; the report shows it.
            for (const item of results.incomplete) {
              t.diagnostic(`needs review: ${item.id} on ${item.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
          } finally {
            await page.close();
          }
        });
      }
    });
  }
}
