// A newcomer's first visit, written once and driven two ways: by mouse with JavaScript off
// (`pointer`), and by keyboard alone (`keyboard`). They sign up and confirm their address with
// the link in the mail the forum sent, log out, forget their password and choose a new one
// through the mailed link, log in with it, start a topic with code, a table and maths, reply
// to a post, edit the reply, read its history, find the topic again with the search box, and
// log out.
// After every step the journey checks what the page now shows.

import assert from 'node:assert/strict';

import { pressEnterAndLoad, skipToMain, tabTo } from './keyboard.mjs';
import { mailedLink } from './mailbox.mjs';
import { DEMO_PASSWORD } from './forum.mjs';
import { SAMPLE_POST } from './pages.mjs';

/** Clicking and typing, as a mouse user does. Works with JavaScript off: no page script runs. */
export const pointer = {
  name: 'pointer',
  async arrive() {},
  async follow(page, link) {
    await Promise.all([page.waitForNavigation(), link.click()]);
  },
  async type(page, field, text) {
    await field.click();
    await field.pressSequentially(text);
  },
  async appendTo(page, field, text) {
    await field.click();
    await page.keyboard.press('Control+End');
    await field.pressSequentially(text);
  },
  async tick(page, checkbox) {
    await checkbox.click();
  },
  async pick(page, radio) {
    await radio.click();
  },
  async choose(page, select, label) {
    await select.selectOption({ label });
  },
  async press(page, button) {
    await Promise.all([page.waitForNavigation(), button.click()]);
  },
};

/** Tab and Shift+Tab to move, Enter to follow and submit, Space to tick, typing to write. */
export const keyboard = {
  name: 'keyboard',
  /** Every key pressed to move focus, and how often: the test checks both directions were used. */
  moves: new Map(),
  /** On a new page, the skip link is the first stop and leads into the main content. */
  async arrive(page) {
    await skipToMain(page);
  },
  async focus(page, target) {
    const { key, presses } = await tabTo(page, target);
    this.moves.set(key, (this.moves.get(key) ?? 0) + presses);
  },
  async follow(page, link) {
    await this.focus(page, link);
    await pressEnterAndLoad(page);
  },
  async type(page, field, text) {
    await this.focus(page, field);
    await page.keyboard.type(text);
  },
  async appendTo(page, field, text) {
    await this.focus(page, field);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
  },
  async tick(page, checkbox) {
    await this.focus(page, checkbox);
    await page.keyboard.press('Space');
  },
  /**
   * A radio button: Tab reaches its group once (at the first button when none is chosen), and
   * the arrow keys move the choice within it.
   */
  async pick(page, radio) {
    const name = await radio.getAttribute('name');
    await this.focus(page, page.locator(`input[type="radio"][name="${name}"]`).first());
    for (let step = 0; step < 20; step += 1) {
      if (await radio.isChecked()) return;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`Arrow keys never chose ${radio}.`);
  },
  /** A closed <select> steps through its options with the arrow keys. */
  async choose(page, select, label) {
    await this.focus(page, select);
    const chosen = () => select.evaluate((s) => s.selectedOptions[0]?.textContent.trim());
    // Down to the last option, then up: the wanted one may sit above the preselected one.
    for (const key of ['ArrowDown', 'ArrowUp']) {
      for (let step = 0; step < 100; step += 1) {
        const now = await chosen();
        if (now === label) return;
        await page.keyboard.press(key);
        if ((await chosen()) === now) break;
      }
    }
    throw new Error(`Arrow keys never reached the option "${label}".`);
  },
  async press(page, button) {
    await this.focus(page, button);
    await pressEnterAndLoad(page);
  },
};

const site = (page) => page.getByRole('navigation', { name: 'Site' });

async function assertSignedInAs(page, username) {
  assert.equal(await site(page).getByRole('link', { name: username, exact: true }).count(), 1, `signed in as ${username}`);
  assert.equal(await site(page).getByRole('button', { name: 'Log out' }).count(), 1, 'a Log out button');
}

async function assertSignedOut(page) {
  assert.equal(await site(page).getByRole('link', { name: 'Log in' }).count(), 1, 'a Log in link');
  assert.equal(await site(page).getByRole('button', { name: 'Log out' }).count(), 0, 'no Log out button');
}

async function heading(page) {
  return (await page.getByRole('heading', { level: 1 }).textContent()).trim();
}

/**
 * The whole journey on `page`, which starts on the forum's front page. `who` names the new
 * account (unique per run); `driver` is `pointer` or `keyboard`; `mailDir` is where the forum
 * writes its mail.
 */
export async function newcomerJourney(page, base, driver, who, mailDir) {
  const password = 'correct horse battery staple';
  const title = `How do I load ${who}'s arrays lazily?`;
  const main = page.locator('main');

  await page.goto(base);
  await driver.arrive(page);
  await assertSignedOut(page);

  // Sign up.
  await driver.follow(page, site(page).getByRole('link', { name: 'Sign up' }));
  assert.equal(await heading(page), 'Sign up');
  await driver.arrive(page);
  await driver.type(page, page.getByLabel('Username'), who);
  await driver.type(page, page.getByLabel('Name (optional)'), 'Jo Newcomer');
  await driver.type(page, page.getByLabel('Email'), `${who}@example.org`);
  await driver.type(page, page.getByLabel('Password'), password);
  await driver.tick(page, page.getByRole('checkbox', { name: /code of conduct/ }));
  await driver.press(page, page.getByRole('button', { name: 'Create account' }));
  await assertSignedInAs(page, who);
  assert.equal(await heading(page), 'Confirm your email address');
  assert.match(await main.textContent(), /until then you can read but not post/);

  // Open the link in the verification mail, and confirm.
  const email = `${who}@example.org`;
  const verifyLink = await mailedLink(mailDir, { to: email, base, prefix: '/verify/' });
  await page.goto(verifyLink);
  await driver.arrive(page);
  await driver.press(page, main.getByRole('button', { name: 'Confirm my address' }));
  assert.equal(await heading(page), 'Address confirmed');

  // Log out; forget the password; choose a new one through the mailed link.
  await driver.press(page, site(page).getByRole('button', { name: 'Log out' }));
  await assertSignedOut(page);
  await driver.follow(page, site(page).getByRole('link', { name: 'Log in' }));
  assert.equal(await heading(page), 'Log in');
  await driver.follow(page, main.getByRole('link', { name: 'Forgot your password?' }));
  assert.equal(await heading(page), 'Forgot your password?');
  await driver.type(page, page.getByLabel('Email address'), email);
  await driver.press(page, main.getByRole('button', { name: 'Mail me a link' }));
  assert.equal(await heading(page), 'Look in your mail');
  const resetLink = await mailedLink(mailDir, { to: email, base, prefix: '/password-reset/' });
  await page.goto(resetLink);
  await driver.arrive(page);
  assert.equal(await heading(page), 'Choose a new password');
  const newPassword = `${password} again`;
  await driver.type(page, page.getByLabel('New password'), newPassword);
  await driver.press(page, main.getByRole('button', { name: 'Save the new password' }));
  assert.equal(await heading(page), 'Password changed');
  // The link worked once: opening it again says so.
  const again = await page.goto(resetLink);
  assert.equal(again.status(), 410, 'a used reset link is gone');
  await driver.arrive(page);

  // Log in with the new password.
  await driver.follow(page, site(page).getByRole('link', { name: 'Log in' }));
  assert.equal(await heading(page), 'Log in');
  await driver.type(page, page.getByLabel('Username or email'), who);
  await driver.type(page, page.getByLabel('Password'), newPassword);
  await driver.press(page, main.getByRole('button', { name: 'Log in' }));
  await assertSignedInAs(page, who);

  // A new topic with code, a table and maths; previewed first.
  await driver.follow(page, site(page).getByRole('link', { name: 'New topic' }));
  assert.equal(await heading(page), 'New topic');
  await driver.type(page, page.getByLabel('Title'), title);
  await driver.choose(page, page.getByLabel('Category'), 'Q&A');
  await driver.type(page, page.getByLabel('Your post'), SAMPLE_POST);
  await driver.press(page, page.getByRole('button', { name: 'Preview' }));
  const preview = page.getByRole('region', { name: 'Preview' });
  assert.match(await preview.locator('pre code').textContent(), /import numpy as np/);
  assert.equal(await page.getByLabel('Title').inputValue(), title, 'the preview keeps the title');
  await driver.press(page, page.getByRole('button', { name: 'Create topic' }));
  assert.equal(await heading(page), title);
  const first = page.locator('#post_1');
  assert.match(await first.locator('pre code').textContent(), /values = np\.arange\(10\)/);
  assert.equal(await first.getByRole('cell', { name: 'int64' }).count(), 1, 'the table has its cell');
  assert.equal(await first.locator('math').count(), 1, 'the formula is MathML');
  assert.match(await first.getByRole('link', { name: who }).textContent(), new RegExp(who));

  // Reply to the first post.
  await driver.arrive(page);
  await driver.follow(page, first.getByRole('link', { name: 'Reply to post 1' }));
  assert.equal(await heading(page), `Reply to ${title}`);
  assert.match(await main.textContent(), /In reply to post #1 by/);
  await driver.type(page, page.getByLabel('Your post'), 'The same works for **float32** arrays.');
  await driver.press(page, page.getByRole('button', { name: 'Post reply' }));
  const reply = page.locator('#post_2');
  assert.equal(await reply.locator('strong').textContent(), 'float32');
  assert.match(await reply.locator('.meta').textContent(), /in reply to @.+ #1/);

  // Edit the reply: the reason first, then back up to the post itself (Shift+Tab by keyboard).
  await driver.follow(page, reply.getByRole('link', { name: 'Edit post 2' }));
  assert.equal(await heading(page), `Edit post #2 in ${title}`);
  await driver.type(page, page.getByLabel('Reason for the edit (optional)'), 'float16 too');
  await driver.appendTo(page, page.getByLabel('Your post'), ' And for float16.');
  await driver.press(page, page.getByRole('button', { name: 'Save edit' }));
  assert.equal(await heading(page), title);
  assert.match(await page.locator('#post_2 .cooked').textContent(), /float32 arrays\.\s+And for float16\./);

  // The history shows both versions; the first is as it was.
  await driver.follow(page, page.locator('#post_2').getByRole('link', { name: 'edited (2 versions)' }));
  assert.equal(await heading(page), 'History of post #2');
  const versions = page.locator('ol.revisions li');
  assert.equal(await versions.count(), 2);
  assert.match(await versions.nth(0).textContent(), /Version 2 \(current\) by .*: float16 too/s);
  await driver.follow(page, page.getByRole('link', { name: 'Version 1' }));
  assert.equal(await heading(page), 'Post #2, version 1 of 2');
  const original = await page.locator('article .cooked').textContent();
  assert.match(original, /The same works for float32 arrays\./);
  assert.doesNotMatch(original, /float16/);

  // Find the topic again with the header's search box: a name from its code, and its author.
  const header = page.locator('header');
  await driver.type(page, header.getByLabel('Search the forum'), `arange @${who}`);
  await driver.press(page, header.getByRole('button', { name: 'Search' }));
  assert.equal(await heading(page), 'Search');
  assert.equal((await page.locator('#results-heading').textContent()).trim(), '1 topic found');
  assert.equal(await main.locator('mark').first().textContent(), 'arange', 'the match is marked');
  await driver.follow(page, main.getByRole('link', { name: title }));
  assert.equal(await heading(page), title);
  await driver.arrive(page);

  // Log out.
  await driver.press(page, site(page).getByRole('button', { name: 'Log out' }));
  await assertSignedOut(page);
}

async function logIn(page, driver, username) {
  await driver.follow(page, site(page).getByRole('link', { name: 'Log in' }));
  assert.equal(await heading(page), 'Log in');
  await driver.type(page, page.getByLabel('Username or email'), username);
  await driver.type(page, page.getByLabel('Password'), DEMO_PASSWORD);
  await driver.press(page, page.locator('main').getByRole('button', { name: 'Log in' }));
  await driver.arrive(page);
  await assertSignedInAs(page, username);
}

async function logOut(page, driver) {
  await driver.press(page, site(page).getByRole('button', { name: 'Log out' }));
  await driver.arrive(page);
  await assertSignedOut(page);
}

/**
 * A moderation case on the demo forum, on `page` (which may be anywhere): three members flag
 * post `target.number` of `target.topicPath` as inappropriate, one after another; after the
 * third it is hidden; the moderator `mira_k` finds it in the review queue, agrees, and
 * silences its author for a day with a note; the author is mailed why (in `mailDir`); the
 * staff action log shows it. `flaggers` are three demo members who may flag (trust level 1 or
 * more, not the post's author).
 */
export async function moderatorJourney(page, base, driver, target, flaggers, mailDir) {
  const main = page.locator('main');
  const hiddenNotice = 'This post was flagged by the community and is temporarily hidden.';
  for (const [index, flagger] of flaggers.entries()) {
    await page.goto(base);
    await driver.arrive(page);
    await logIn(page, driver, flagger);
    await page.goto(base + target.topicPath);
    await driver.arrive(page);
    await driver.follow(page, main.getByRole('link', { name: `Flag post ${target.number}` }));
    assert.equal(await heading(page), 'Flag a post');
    await driver.pick(page, page.getByLabel('Inappropriate'));
    // It lands on /my/moderation#flags: the browser starts the next Tab at the list of
    // flags, not at the skip link, so there is no arriving at the top here.
    await driver.press(page, main.getByRole('button', { name: 'Flag post' }));
    assert.equal(await heading(page), 'Your flags and reports');
    assert.ok((await main.textContent()).includes(target.topicTitle), 'the flag is listed');
    // Hidden at the third member's flag (the demo's default threshold), not before.
    await page.goto(base + target.topicPath);
    const article = main.locator(`#post_${target.number}`);
    assert.equal(await article.getByText(hiddenNotice).count(), index === 2 ? 1 : 0, `after flag ${index + 1}`);
    await driver.arrive(page);
    await logOut(page, driver);
  }

  await logIn(page, driver, 'mira_k');
  await driver.follow(page, site(page).getByRole('link', { name: 'Review' }));
  assert.equal(await heading(page), 'Review');
  const item = main.locator('article.reviewable', {
    has: page.getByText(`Post #${target.number} by ${target.author} in`),
  });
  assert.equal(await item.count(), 1, 'the flagged post waits in the queue');
  for (const flagger of flaggers) {
    assert.ok((await item.textContent()).includes(`Inappropriate by ${flagger}`), `${flagger}'s flag is shown`);
  }
  await driver.type(page, item.getByLabel('Note'), 'Insulting a newcomer.');
  await driver.choose(page, item.getByLabel('Silence or suspend for'), '1 day');
  await driver.press(page, item.getByRole('button', { name: 'Agree, hide, and silence author' }));
  await driver.arrive(page);
  assert.equal(await heading(page), 'Review');
  assert.equal(await item.count(), 0, 'decided, the item left the queue');
  // The author is mailed that they are silenced, why, and where to read more; the link
  // opens their moderation page (they must log in to see it).
  const told = await mailedLink(mailDir, {
    to: `${target.author.replaceAll('.', '-')}@example.org`,
    base,
    prefix: '/my/moder',
  });
  assert.ok(told.endsWith('/my/moderation'), `the silence mail links the moderation page: ${told}`);

  // A post waiting for approval (the demo's newcomer's question, or a reply held for a
  // watched word): the reviewer reads why it waits, and publishes it.
  const queued = main.locator('article.reviewable', { has: page.getByText('Why it waits:') });
  const waiting = await queued.count();
  assert.ok(waiting > 0, 'a queued post waits in the queue');
  const first = queued.first();
  await driver.press(page, first.getByRole('button', { name: 'Approve and publish' }));
  await driver.arrive(page);
  assert.equal(await heading(page), 'Review');
  assert.equal(await queued.count(), waiting - 1, 'approved, it left the queue');

  // The thread runs hot: slow it down from the topic tools, see readers told, then lift it
  // (the other journeys reply elsewhere, but the demo stays as it was).
  await page.goto(base + target.topicPath);
  await driver.arrive(page);
  const slowBanner = 'This topic is in slow mode: each person may post once every 1 hour.';
  await driver.choose(page, main.getByLabel('Slow mode', { exact: true }), '1 hour');
  await driver.press(page, main.getByRole('button', { name: 'Set slow mode' }));
  await driver.arrive(page);
  assert.ok((await main.textContent()).includes(slowBanner), 'readers are told the topic is slowed');
  await driver.choose(page, main.getByLabel('Slow mode', { exact: true }), 'Off');
  await driver.press(page, main.getByRole('button', { name: 'Set slow mode' }));
  await driver.arrive(page);
  assert.ok(!(await main.textContent()).includes(slowBanner), 'lifted, the banner is gone');

  // From the author's profile to their moderation page: a private note for the other staff.
  await page.goto(`${base}/u/${target.author}`);
  await driver.arrive(page);
  await driver.follow(page, main.getByRole('link', { name: `Moderate ${target.author}` }));
  assert.equal(await heading(page), `Moderate ${target.author}`);
  const note = `Silenced after three flags (${driver.name}).`;
  await driver.type(page, main.getByLabel('Note', { exact: true }), note);
  // It lands on the new note (#note_…), where the browser starts the next Tab.
  await driver.press(page, main.getByRole('button', { name: 'Save note' }));
  assert.ok((await main.textContent()).includes(note), 'the note is on their page');
  await page.goto(`${base}/review`);
  await driver.arrive(page);
  assert.equal(await heading(page), 'Review');

  await driver.follow(page, main.getByRole('link', { name: 'staff action log' }));
  assert.equal(await heading(page), 'Staff action log');
  const log = await main.textContent();
  for (const words of ['silenced a member', 'agreed with flags', 'hid a post', 'approved a queued post', "changed a topic's slow mode", 'wrote a staff note', target.author, 'Insulting a newcomer.']) {
    assert.ok(log.includes(words), `the log shows "${words}"`);
  }
  await logOut(page, driver);
}

/**
 * A proposal's way through the SPEC process on the demo forum, on `page`: `people.author`
 * posts an idea in Proposals → Ideas; the committee (`admin`) accepts it, and it takes the
 * next free number; the representatives of two core projects (`people.endorsers`, each
 * `{ username, project }`) endorse it, after which the overview lists it as recommended;
 * a third project's representative (`people.adopter`) records its adoption.
 */
export async function proposalJourney(page, base, driver, people) {
  const main = page.locator('main');
  const title = `SPEC idea: shared fixtures for array test suites (${driver.name})`;
  const panel = main.locator('section.proposal-panel');
  const status = async () => (await panel.locator('#proposal-status').textContent()).replace(/\s+/g, ' ').trim();

  await page.goto(base);
  await driver.arrive(page);
  await logIn(page, driver, people.author);
  await driver.follow(page, site(page).getByRole('link', { name: 'New topic' }));
  assert.equal(await heading(page), 'New topic');
  await driver.type(page, page.getByLabel('Title'), title);
  await driver.choose(page, page.getByLabel('Category'), '— Ideas');
  await driver.type(page, page.getByLabel('Your post'), 'Every array library writes the same fixtures; a shared package would save that work.');
  await driver.press(page, page.getByRole('button', { name: 'Create topic' }));
  assert.equal(await heading(page), title);
  assert.match(await status(), /Unnumbered · Standard · Idea/, 'a new topic in Ideas is an idea');
  const topicPath = new URL(page.url()).pathname;
  await driver.arrive(page);
  await logOut(page, driver);

  // The committee accepts it; it takes the next free number.
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await logIn(page, driver, 'admin');
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await driver.follow(page, main.getByRole('link', { name: 'Decide or edit this proposal' }));
  assert.equal(await heading(page), `Edit proposal: ${title}`);
  await driver.choose(page, main.getByLabel('Stage'), 'Accepted');
  await driver.type(page, main.getByLabel('Reason (shown in the topic and its history)'), `Accepted at the ${driver.name} meeting.`);
  await driver.press(page, main.getByRole('button', { name: 'Record decision' }));
  // It lands on the status panel (#proposal-status), where the browser starts the next Tab.
  assert.equal(await heading(page), title);
  const accepted = await status();
  const number = /SPEC (\d+)/.exec(accepted)?.[1];
  assert.ok(number, `numbered on acceptance: ${accepted}`);
  assert.match(accepted, /Accepted$/);
  assert.ok((await main.textContent()).includes(`Accepted at the ${driver.name} meeting.`), 'the decision shows in the topic');
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await logOut(page, driver);

  // Two core projects endorse it, each through its representative.
  for (const [index, { username, project }] of people.endorsers.entries()) {
    await logIn(page, driver, username);
    await page.goto(base + topicPath);
    await driver.arrive(page);
    await driver.type(page, panel.getByLabel('Note (optional)'), `${project} follows this already.`);
    await driver.press(page, panel.getByRole('button', { name: `Endorse for ${project}` }));
    assert.match(await status(), index === 0 ? /Endorsed$/ : /Recommended$/, `after ${project}'s endorsement`);
    assert.ok((await panel.textContent()).includes(`${project} follows this already.`), 'the note is shown');
    await page.goto(base + topicPath);
    await driver.arrive(page);
    await logOut(page, driver);
  }

  // The overview lists it as recommended, and so does a filter for recommended proposals.
  await driver.follow(page, site(page).getByRole('link', { name: 'Proposals' }));
  assert.equal(await heading(page), 'Proposals');
  await driver.arrive(page);
  await driver.choose(page, main.getByLabel('Stage'), 'Recommended');
  await driver.press(page, main.getByRole('button', { name: 'Show' }));
  const row = main.locator('tr', { has: page.getByRole('link', { name: title }) });
  assert.equal(await row.count(), 1, 'the proposal is in the recommended list');
  assert.match(await row.textContent(), new RegExp(`SPEC ${number}`));
  for (const { project } of people.endorsers) {
    assert.ok((await row.textContent()).includes(project), `${project} is listed as endorsing`);
  }

  // A third project adopts it, with a link to where it says so.
  await logIn(page, driver, people.adopter.username);
  await page.goto(base + topicPath);
  await driver.arrive(page);
  const project = people.adopter.project;
  await driver.type(page, panel.getByLabel(`Where ${project} documents it (optional)`), `https://example.org/${driver.name}/policy`);
  await driver.press(page, panel.getByRole('button', { name: `Record adoption by ${project}` }));
  const adopted = panel.locator('dd', { has: page.getByRole('link', { name: 'how' }) });
  assert.ok((await adopted.textContent()).includes(project), 'the adoption is shown in the panel');
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await logOut(page, driver);
}

/**
 * A question answered, on the demo forum: `people.asker` asks in Q&A, `people.answerer`
 * replies, the asker marks the reply as the solution, and the question leaves the category's
 * Unsolved list; `people.liker` likes the answer and finds themself on its "who liked" page.
 * All three are regulars of the demo (trust level 1, not silenced).
 */
export async function questionJourney(page, base, driver, people) {
  const main = page.locator('main');
  const title = `How do I read a Zarr store lazily? (${driver.name})`;
  const categories = (await (await fetch(`${base}/categories.json`)).json()).category_list.categories;
  const qa = categories.find((c) => c.slug === 'q-and-a');
  assert.ok(qa, 'the demo has a Q&A category');
  const unsolved = `${base}/c/${qa.slug}/${qa.id}?solved=no`;

  await page.goto(base);
  await driver.arrive(page);
  await logIn(page, driver, people.asker);
  await driver.follow(page, site(page).getByRole('link', { name: 'New topic' }));
  await driver.type(page, page.getByLabel('Title'), title);
  await driver.choose(page, page.getByLabel('Category'), 'Q&A');
  await driver.type(
    page,
    page.getByLabel('Your post'),
    'Opening the store reads every chunk at once. Is there a lazy way? Which do you open it with now?\n\n[poll]\n* xarray\n* zarr-python\n[/poll]\n',
  );
  await driver.press(page, page.getByRole('button', { name: 'Create topic' }));
  assert.equal(await heading(page), title);
  const topicPath = new URL(page.url()).pathname;
  assert.ok((await main.textContent()).includes('no accepted solution yet'), 'a new question is unsolved');
  await page.goto(unsolved);
  await driver.arrive(page);
  assert.equal(await main.getByRole('link', { name: title }).count(), 1, 'listed as unsolved');
  await logOut(page, driver);

  // Someone answers.
  await logIn(page, driver, people.answerer);
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await driver.follow(page, main.getByRole('link', { name: 'Reply to topic' }));
  await driver.type(page, page.getByLabel('Your post'), 'Open it with `xarray.open_zarr(path, chunks={})`: chunks load when used.');
  await driver.press(page, page.getByRole('button', { name: 'Post reply' }));
  assert.equal(await heading(page), title);
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await logOut(page, driver);

  // The asker marks it as the solution; the question leaves the unsolved list.
  await logIn(page, driver, people.asker);
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await driver.press(page, main.getByRole('button', { name: 'Mark as solution (post 2)' }));
  assert.equal(await main.getByRole('heading', { name: 'Solution', exact: true }).count(), 1, 'the solution is quoted under the question');
  await page.goto(unsolved);
  await driver.arrive(page);
  assert.equal(await main.getByRole('link', { name: title }).count(), 0, 'no longer unsolved');
  await logOut(page, driver);

  // A third member likes the answer and finds themself among those who liked it.
  await logIn(page, driver, people.liker);
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await driver.press(page, main.getByRole('button', { name: 'Like post 2' }));
  const answer = main.locator('#post_2');
  assert.ok((await answer.textContent()).includes('You like this'), 'the answer shows the like');
  // Back on the post (its address has the #post_2 fragment), where Tab goes on from.
  await driver.follow(page, answer.getByRole('link', { name: '1 like of post 2: who liked it' }));
  assert.equal(await heading(page), 'Who liked post #2');
  assert.equal(await main.getByRole('link', { name: people.liker, exact: true }).count(), 1, 'listed as liking it');
  await driver.arrive(page);
  // And answers the question's poll, with a plain form.
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await driver.pick(page, main.getByRole('radio', { name: 'xarray', exact: true }));
  await driver.press(page, main.getByRole('button', { name: 'Vote', exact: true }));
  assert.ok((await main.textContent()).includes('1 vote (100 %)'), 'the poll counts the vote');
  assert.equal(await main.getByRole('button', { name: 'Remove my vote' }).count(), 1, 'the vote can be taken back');
  // The vote came back to the post (its address has a fragment): start from the topic's top.
  await page.goto(base + topicPath);
  await driver.arrive(page);
  await logOut(page, driver);
}
