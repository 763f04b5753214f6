// A newcomer's whole first visit, a proposal from idea to adoption, a question answered,
// solved and liked, and a moderation case from the first flag to the staff log, in a real
// browser: each once with JavaScript switched
// off, by clicking and typing; once by keyboard alone, with a visible focus indicator at
// every stop.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { keyboard, moderatorJourney, newcomerJourney, pointer, proposalJourney, questionJourney } from './support/journey.mjs';
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

/**
 * Who takes a proposal through the process in each run: an author (a regular of the demo, not
 * silenced, past the new-member queue), representatives of NumPy and SciPy (core projects),
 * and of a third project that adopts it (`src/demo/proposals.rs` makes them representatives).
 * These run before the moderation case, which silences someone.
 */
const PROPOSAL_PEOPLE = {
  pointer: {
    author: 'greta_n',
    endorsers: [{ username: 'oksana', project: 'NumPy' }, { username: 'amara', project: 'SciPy' }],
    adopter: { username: 'sofia-r', project: 'Matplotlib' },
  },
  keyboard: {
    author: 'samir',
    endorsers: [{ username: 'felix.b', project: 'NumPy' }, { username: 'nils_h', project: 'SciPy' }],
    adopter: { username: 'leah_m', project: 'pandas' },
  },
};

test('without JavaScript, a member posts an idea, the committee accepts and numbers it, two core projects endorse it, it is recommended, a third project adopts it', async () => {
  const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await proposalJourney(page, forum.url, pointer, PROPOSAL_PEOPLE.pointer);
  } finally {
    await context.close();
  }
});

test('by keyboard alone, with focus always visible, the same proposal journey', async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await proposalJourney(page, forum.url, keyboard, PROPOSAL_PEOPLE.keyboard);
  } finally {
    await context.close();
  }
});

/** Who asks, answers and likes in each run: regulars of the demo, none used elsewhere here. */
const QUESTION_PEOPLE = {
  pointer: { asker: 'hugo', answerer: 'thanh', liker: 'ingrid' },
  keyboard: { asker: 'marta_w', answerer: 'kofi', liker: 'lena_s' },
};

test('without JavaScript, a member asks a question, another answers, the asker marks the solution, it leaves the unsolved list, a third likes the answer and votes in its poll', async () => {
  const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await questionJourney(page, forum.url, pointer, QUESTION_PEOPLE.pointer);
  } finally {
    await context.close();
  }
});

test('by keyboard alone, with focus always visible, the same question journey', async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await questionJourney(page, forum.url, keyboard, QUESTION_PEOPLE.keyboard);
  } finally {
    await context.close();
  }
});

/**
 * A reply in the demo's longest topic, from post `from` on, by a member (not staff, whom a
 * moderator cannot silence), with three members who may flag it and weigh one each: trust
 * level 1 or 2 (the demo's regulars and leaders weigh two, its newest three cannot flag yet),
 * not silenced, and not its author.
 */
async function moderationTarget(base, from) {
  const topics = (await (await fetch(`${base}/latest.json`)).json()).topic_list.topics;
  const longest = topics.reduce((a, b) => (b.posts_count > a.posts_count ? b : a));
  const posts = (await (await fetch(`${base}/t/${longest.id}.json?print=true`)).json()).post_stream.posts;
  const members = ['oksana', 'felix.b', 'amara', 'nils_h', 'sofia-r', 'kenji'];
  const post = posts.find((p) => p.post_number >= from && !p.admin && !p.moderator && p.username !== 'rgomez');
  if (!post) throw new Error(`no member's reply from post ${from} in ${longest.title}`);
  return {
    target: {
      topicPath: `/t/${longest.slug}/${longest.id}`,
      topicTitle: longest.title,
      number: post.post_number,
      author: post.username,
    },
    flaggers: members.filter((m) => m !== post.username).slice(0, 3),
  };
}

test('without JavaScript, three members flag a post, it is hidden, a moderator agrees and silences its author, who is mailed why', async () => {
  const context = await chrome.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const { target, flaggers } = await moderationTarget(forum.url, 5);
    await moderatorJourney(page, forum.url, pointer, target, flaggers, forum.mailDir);
  } finally {
    await context.close();
  }
});

test('by keyboard alone, with focus always visible, the same moderation case', async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const { target, flaggers } = await moderationTarget(forum.url, 12);
    await moderatorJourney(page, forum.url, keyboard, target, flaggers, forum.mailDir);
  } finally {
    await context.close();
  }
});
