// What every browser test file starts with: a forum on the demo data and a browser, both
// stopped when the file's tests are done; and, for files that go through every page type,
// the catalogue of pages and the signed-in state of each kind of viewer.

import { after } from 'node:test';

import { startBrowser } from './browser.mjs';
import { startForum } from './forum.mjs';
import { catalogue, discover, viewers } from './pages.mjs';

/** Starts the forum and the browser; with `pages`, also finds the catalogue and logs in. */
export async function startSuite({ pages = true } = {}) {
  const forum = await startForum();
  const chrome = await startBrowser().catch(async (error) => {
    await forum.stop();
    throw error;
  });
  after(async () => {
    await chrome.stop();
    await forum.stop();
  });
  if (!pages) return { forum, chrome };
  const found = await discover(forum.url, forum.mailDir);
  return {
    forum,
    chrome,
    pages: catalogue(found),
    states: await viewers(chrome.browser, forum.url, found),
  };
}
