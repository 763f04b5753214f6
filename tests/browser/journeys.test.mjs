// A newcomer's whole first visit, in a real browser: once with JavaScript switched off, by
// clicking and typing; once by keyboard alone, with a visible focus indicator at every stop.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { keyboard, newcomerJourney, pointer } from './support/journey.mjs';
import { startSuite } from './support/suite.mjs';

const { forum, chrome } = await startSuite({ pages: false });

test('without JavaScript, a newcomer signs up, confirms the mailed link, resets a password, posts, replies, edits, reads the history, searches and logs out', async () => {
  const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    // Proof that scripts really are off in this context: this one would retitle the page.
    await page.setContent('<title>static</title><script>document.title = "scripted"</script>');
    assert.equal(await page.title(), 'static', 'JavaScript is disabled');
    await newcomerJourney(page, forum.url, pointer, 'jo.nojs', forum.mailDir);
  } finally {
    await context.close();
  }
});

test('by keyboard alone, with focus always visible, a newcomer does the same', async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await newcomerJourney(page, forum.url, keyboard, 'kim.keys', forum.mailDir);
    assert.ok(keyboard.moves.get('Tab') > 0 && keyboard.moves.get('Shift+Tab') > 0, 'both Tab and Shift+Tab moved focus');
  } finally {
    await context.close();
  }
});
