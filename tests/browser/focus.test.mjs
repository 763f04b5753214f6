// On every page type, in light and dark: the first Tab reaches the skip link, and every stop
// Tab makes through the whole page shows a focus indicator a person can see. In light each
// stop's indicator is found on screen, pixel by pixel; in dark (which changes colours, not
// geometry) each stop is checked for :focus-visible and a 3:1 indicator without a screenshot,
// which keeps the walk affordable as pages are added.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { SCHEMES, VIEWPORTS } from './support/browser.mjs';
import { assertFocusIndicator } from './support/keyboard.mjs';
import { visit } from './support/pages.mjs';
import { startSuite } from './support/suite.mjs';

/** More stops than any page has; reaching it means focus is stuck in a loop. */
const MAX_STOPS = 400;

const { forum, chrome, pages, states } = await startSuite();

for (const scheme of SCHEMES) {
  describe(`desktop, ${scheme}`, () => {
    for (const entry of pages) {
      test(`${entry.name}: every Tab stop shows where focus is`, async () => {
        const context = await chrome.browser.newContext({
          ...VIEWPORTS.desktop,
          colorScheme: scheme,
          storageState: states[entry.as],
        });
        try {
          const page = await context.newPage();
          await visit(page, forum.url, entry);
          await page.keyboard.press('Tab');
          const pixels = scheme === 'light';
          const first = await assertFocusIndicator(page, 'first Tab', { pixels });
          assert.match(first, /Skip to main content/, 'the first Tab stop is the skip link');
          let stops = 1;
          for (; stops < MAX_STOPS; stops += 1) {
            await page.keyboard.press('Tab');
            const leftThePage = await page.evaluate(
              () => document.activeElement === document.body || document.activeElement === null,
            );
            if (leftThePage) break;
            await assertFocusIndicator(page, `Tab stop ${stops + 1}`, { pixels });
          }
          assert.ok(stops < MAX_STOPS, `Tab went ${MAX_STOPS} stops without leaving the page`);
        } finally {
          await context.close();
        }
      });
    }
  });
}
