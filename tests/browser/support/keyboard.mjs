// Driving pages by keyboard alone, and proving that the focused element shows a focus
// indicator: not by reading CSS, but by finding the indicator's pixels around it on screen.

import { PNG } from 'pngjs';

/** How far outside an element its focus indicator may be drawn, in CSS pixels. */
const RING_REACH = 8;

/**
 * What the focused element is and how its indicator is meant to look: the colour of its outline
 * (or of its box-shadow, the other common way to draw one), and its boxes on screen.
 */
async function focusedElement(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadowColor = /rgba?\([^)]*\)/.exec(style.boxShadow)?.[0];
    // An outline is drawn outside the element, on its nearest painted ancestor.
    let background = 'rgb(255, 255, 255)';
    for (let node = el.parentElement; node; node = node.parentElement) {
      const fill = getComputedStyle(node).backgroundColor;
      if (fill !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(fill)) {
        background = fill;
        break;
      }
    }
    const label = (el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? '')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 60);
    return {
      description: `<${el.tagName.toLowerCase()}> "${label}"`,
      focusVisible: el.matches(':focus-visible'),
      background,
      color: outlined ? style.outlineColor : style.boxShadow !== 'none' ? shadowColor : null,
      boxes: [...el.getClientRects()].map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
      viewport: { width: window.innerWidth, height: window.innerHeight },
    };
  });
}

function parseColor(css) {
  const [r, g, b] = /rgba?\(([^)]*)\)/
    .exec(css)[1]
    .split(/[ ,/]+/)
    .map(Number);
  return { r, g, b };
}

/**
 * Fails unless the focused element matches `:focus-visible`, its indicator colour covers at
 * least one pixel-wide line's worth of the band around it as drawn on screen, and that colour
 * stands out 3:1 from what surrounds it. An outline that is clipped away, hidden under
 * something else, or the colour of the page, fails.
 *
 * With `pixels: false` the screenshot (the costly part: one per Tab stop) is skipped and the
 * rest is checked: for a second colour scheme of a page whose indicators were already found
 * on screen, since the schemes change colours only (`assets/style.css`), never geometry.
 */
export async function assertFocusIndicator(page, context = '', { pixels = true } = {}) {
  const el = await focusedElement(page);
  const where = context ? ` (${context})` : '';
  if (!el) throw new Error(`Nothing has keyboard focus${where}.`);
  if (!el.focusVisible) throw new Error(`${el.description} has focus but not :focus-visible${where}.`);
  if (!el.color) throw new Error(`${el.description} has no outline or box-shadow when focused${where}.`);
  const boxes = el.boxes.filter((b) => b.width > 0 && b.height > 0);
  if (boxes.length === 0) throw new Error(`${el.description} is focused but has no size${where}.`);

  const band = {
    left: Math.max(0, Math.floor(Math.min(...boxes.map((b) => b.x)) - RING_REACH)),
    top: Math.max(0, Math.floor(Math.min(...boxes.map((b) => b.y)) - RING_REACH)),
    right: Math.min(el.viewport.width, Math.ceil(Math.max(...boxes.map((b) => b.x + b.width)) + RING_REACH)),
    bottom: Math.min(el.viewport.height, Math.ceil(Math.max(...boxes.map((b) => b.y + b.height)) + RING_REACH)),
  };
  if (band.right <= band.left || band.bottom <= band.top) {
    throw new Error(`${el.description} is focused but off screen${where}.`);
  }
  const want = parseColor(el.color);
  if (pixels) await assertDrawn(page, el, boxes, band, want, where);
  const ratio = contrast(want, parseColor(el.background));
  if (ratio < 3) {
    throw new Error(
      `${el.description}'s focus indicator (${el.color}) has a contrast of ${ratio.toFixed(2)}:1 against ` +
        `the background it is drawn on (${el.background}); WCAG asks for 3:1${where}.`,
    );
  }
  return el.description;
}

/** Fails unless the colour `want` is drawn around `boxes`, within `band`, on screen. */
async function assertDrawn(page, el, boxes, band, want, where) {
  const { left, top, right, bottom } = band;
  const png = PNG.sync.read(
    await page.screenshot({ clip: { x: left, y: top, width: right - left, height: bottom - top }, scale: 'css' }),
  );
  const inside = (x, y) => boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height);
  let drawn = 0;
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      if (inside(left + x, top + y)) continue;
      const i = (y * png.width + x) * 4;
      const pixel = { r: png.data[i], g: png.data[i + 1], b: png.data[i + 2] };
      if (Math.abs(pixel.r - want.r) <= 24 && Math.abs(pixel.g - want.g) <= 24 && Math.abs(pixel.b - want.b) <= 24) {
        drawn += 1;
      }
    }
  }
  // A one-pixel line along half the perimeter of what is on screen of the element.
  const needed = Math.max(8, right - left + (bottom - top) - 4 * RING_REACH);
  if (drawn < needed) {
    throw new Error(
      `${el.description} shows no focus indicator${where}: ${drawn} pixels of ${el.color} around it, ` +
        `at least ${needed} expected.`,
    );
  }
}

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a, b) {
  const luminance = ({ r, g, b: blue }) => {
    const [R, G, B] = [r, g, blue].map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Whether `locator`'s element is the one with focus. */
async function isFocused(locator) {
  return locator.evaluate((node) => node === document.activeElement).catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab, when the target comes earlier in the page) until `target` has
 * focus, checking the focus indicator at every stop on the way. Gives up after `limit` presses.
 * Returns which key it used and how many times.
 */
export async function tabTo(page, target, { limit = 400 } = {}) {
  const count = await target.count();
  if (count !== 1) throw new Error(`Expected one element for ${target}, found ${count}.`);
  const backwards = await target.evaluate((node) => {
    const current = document.activeElement;
    if (!current || current === document.body) return false;
    return Boolean(current.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING);
  });
  const key = backwards ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses < limit; presses += 1) {
    if (await isFocused(target)) return { key, presses };
    await page.keyboard.press(key);
    await assertFocusIndicator(page, `reaching ${target} with ${key}`);
  }
  throw new Error(`${key} pressed ${limit} times without reaching ${target}.`);
}

/** Presses Enter on the focused element and waits for the page it loads. */
export async function pressEnterAndLoad(page) {
  const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  return response;
}

/**
 * The skip link: the first Tab on a fresh page focuses it (visibly), Enter moves focus to the
 * main content, and the next Tab lands inside it. Leaves focus on that first element in main.
 */
export async function skipToMain(page) {
  await page.keyboard.press('Tab');
  const first = await assertFocusIndicator(page, 'first Tab on the page');
  if (!first.includes('Skip to main content')) {
    throw new Error(`The first Tab stop is ${first}, not the skip link.`);
  }
  await page.keyboard.press('Enter');
  const focusedMain = await page.evaluate(() => document.activeElement?.id === 'main');
  if (!focusedMain) throw new Error('Enter on the skip link did not move focus to <main>.');
  await page.keyboard.press('Tab');
  await assertFocusIndicator(page, 'first Tab after skipping');
  const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest('main')));
  if (!inMain) throw new Error('After the skip link, Tab left the main content.');
}
