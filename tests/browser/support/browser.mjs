// Launches Debian's Chromium through Playwright, headless, with a fresh profile, and stops it
// by its PID. Downloading a browser is impossible here, so Playwright never fetches its own.

import { chromium } from 'playwright-core';

import { forget, remember } from './processes.mjs';

/** The browser: $CONVENE_CHROMIUM, else Debian's package. */
export const CHROMIUM = process.env.CONVENE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Flags this machine needs: no sandbox (we run as root in a container), no GPU, and none of the
 * background traffic to Google, which the closed network refuses. Playwright itself adds a new
 * temporary `--user-data-dir` for every launch and deletes it on close.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Viewports: a laptop, and a phone (iPhone SE-sized, touch, 2x pixels). */
export const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};

/** The colour schemes the stylesheet answers to. */
export const SCHEMES = ['light', 'dark'];

/** A running browser: `browser` to open contexts in, `pid`, and `stop()`. */
export async function startBrowser() {
  const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const pid = server.process().pid;
  remember(pid);
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    pid,
    async stop() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
      try {
        process.kill(pid, 0);
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone: close() ended it.
      }
      forget(pid);
    },
  };
}
