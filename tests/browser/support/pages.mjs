// The catalogue of every page type Convene serves, found on the running demo forum through its
// JSON API, and the helpers that open them: who is signed in, and how to reach each one.
//
// When a feature adds a page, add it to `catalogue()`; every browser test then covers it.

import { DEMO_PASSWORD } from './forum.mjs';
import { anyUnsubscribePath } from './mailbox.mjs';

/** Markdown a new visitor writes in the flows: code, a table and maths. */
export const SAMPLE_POST = [
  'Here is how we load the data:',
  '',
  '```python',
  'import numpy as np',
  'values = np.arange(10)',
  '```',
  '',
  '| array | dtype |',
  '| --- | --- |',
  '| values | int64 |',
  '',
  'The mean is $\\bar{x} = \\frac{1}{n}\\sum_i x_i$.',
].join('\n');

async function getJson(base, path) {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.json();
}

async function getText(base, path) {
  const response = await fetch(base + path);
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.text();
}

/**
 * Finds, on the demo data, one example of each kind of thing a page shows: a topic long enough
 * for a second page, a post with an edit history (whose author becomes the signed-in member),
 * a category, a subcategory, and a one-click unsubscribe link from the forum's mail.
 */
export async function discover(base, mailDir) {
  let longTopic;
  let edited;
  for (let page = 0; page < 10 && !(longTopic && edited); page += 1) {
    const topics = (await getJson(base, `/latest.json?page=${page}`)).topic_list.topics;
    if (topics.length === 0) break;
    longTopic ??= topics.find((t) => t.posts_count > 20);
    for (const topic of topics) {
      if (edited) break;
      const posts = (await getJson(base, `/t/${topic.id}.json`)).post_stream.posts;
      const post = posts.find((p) => p.version > 1 && !p.admin);
      if (post) edited = { topic, post };
    }
  }
  if (!longTopic || !edited) {
    throw new Error('The demo data has no topic with two pages or no edited post; did `convene demo` change?');
  }
  // A top-level category with subcategories, and its first subcategory, as the page links them.
  const parent = (await getJson(base, '/categories.json')).category_list.categories.find(
    (c) => c.subcategory_ids.length > 0,
  );
  const subcategoryId = parent?.subcategory_ids[0];
  const categoriesPage = await getText(base, '/categories');
  const subcategoryPath = new RegExp(`href="(/c/[^"]+/${subcategoryId})"`).exec(categoriesPage)?.[1];
  if (!parent || !subcategoryPath) throw new Error('The categories page links no subcategory.');
  const categoryPath = `/c/${parent.slug}/${parent.id}`;
  const categoryId = parent.id;
  // A one-click unsubscribe link from the notification mail the forum sends at start-up.
  const unsubscribePath = await anyUnsubscribePath(mailDir);
  // Someone else's post for the member to flag, and the member's id for the staff pages.
  const flagTarget = (await getJson(base, `/t/${longTopic.id}.json`)).post_stream.posts.find(
    (p) => p.username !== edited.post.username,
  );
  const memberId = (await getJson(base, `/u/${edited.post.username}.json`)).user.id;
  // A post people liked (its "who liked" page).
  const liked = (await getJson(base, `/t/${longTopic.id}.json`)).post_stream.posts.find((p) =>
    p.actions_summary.some((a) => a.id === 2 && a.count > 0),
  );
  if (!liked) throw new Error('The long topic has no liked post; did `convene demo` change?');
  const likersPath = `/posts/${liked.id}/likes`;
  // The heated thread a moderator put in slow mode (its notice shows between its posts).
  let slowTopic;
  for (let page = 0; page < 3 && !slowTopic; page += 1) {
    for (const topic of (await getJson(base, `/latest.json?page=${page}`)).topic_list.topics) {
      if ((await getJson(base, `/t/${topic.id}.json`)).slow_mode_seconds > 0) {
        slowTopic = topic;
        break;
      }
    }
  }
  if (!slowTopic) throw new Error('The demo has no topic in slow mode; did `convene demo` change?');
  // Proposals: a recommended SPEC, one waiting for endorsements (a representative of NumPy
  // sees the endorse and adopt forms on it), and one whose endorsers must confirm a change.
  const proposals = (await getJson(base, '/proposals.json?sort=number')).proposals;
  const recommended = proposals.find((p) => p.status === 'recommended');
  const waiting = proposals.find((p) => p.status === 'accepted');
  const reconfirm = proposals.find((p) => p.endorsements.some((e) => e.to_reconfirm));
  const representative = (await getJson(base, '/projects/numpy.json')).representatives[0];
  if (!recommended || !waiting || !reconfirm || !representative) {
    throw new Error('The demo has no recommended, accepted or re-confirming proposal, or NumPy has no representative.');
  }
  const topicPath = (p) => `/t/${p.slug}/${p.topic_id}`;
  // Q&A: a solved question (its solution quoted under it) and one still unsolved (staff see
  // the "Mark as solution" buttons on its replies).
  const qa = (await getJson(base, '/categories.json')).category_list.categories.find((c) => c.slug === 'q-and-a');
  let solvedPath;
  let unsolvedPath;
  for (const t of (await getJson(base, `/c/q-and-a/${qa.id}.json`)).topic_list.topics) {
    if (solvedPath && unsolvedPath) break;
    const full = await getJson(base, `/t/${t.id}.json`);
    if (full.has_accepted_answer && !solvedPath) solvedPath = `/t/${t.slug}/${t.id}`;
    if (full.has_accepted_answer === false && full.posts_count > 1 && !unsolvedPath) unsolvedPath = `/t/${t.slug}/${t.id}`;
  }
  if (!solvedPath || !unsolvedPath) throw new Error('The demo has no solved or no unsolved question with replies.');
  // The demo's polls, in the topic about the community call.
  let pollPath;
  for (let page = 0; page < 8 && !pollPath; page += 1) {
    for (const t of (await getJson(base, `/latest.json?page=${page}`)).topic_list.topics) {
      if (t.title.startsWith('Community call:')) pollPath = `/t/${t.slug}/${t.id}`;
    }
  }
  if (!pollPath) throw new Error('The demo has no topic with polls.');
  return {
    pollPath,
    solvedPath,
    unsolvedPath,
    unsolvedListPath: `/c/q-and-a/${qa.id}?solved=no`,
    recommendedPath: topicPath(recommended),
    recommendedId: recommended.topic_id,
    waitingPath: topicPath(waiting),
    reconfirmPath: topicPath(reconfirm),
    representative,
    slowTopicPath: `/t/${slowTopic.slug}/${slowTopic.id}`,
    flagTarget,
    memberId,
    likersPath,
    unsubscribePath,
    longTopicPath: `/t/${longTopic.slug}/${longTopic.id}`,
    longTopicId: longTopic.id,
    editedPost: edited.post,
    member: edited.post.username,
    categoryPath,
    categoryId,
    subcategoryPath,
  };
}

/**
 * Every page type, each as `{ name, as, status, path }`. `as` is who looks: 'anonymous',
 * 'member', 'admin' or 'representative' (of NumPy). A page that answers a form also has
 * `fill(page)`, which fills in the form at `path`, and `submit`, the name of the button that
 * sends it.
 */
export function catalogue(found) {
  const {
    longTopicPath,
    longTopicId,
    editedPost,
    member,
    memberId,
    flagTarget,
    categoryPath,
    categoryId,
    subcategoryPath,
    unsubscribePath,
    slowTopicPath,
    recommendedPath,
    recommendedId,
    waitingPath,
    reconfirmPath,
    solvedPath,
    unsolvedPath,
    unsolvedListPath,
    likersPath,
    pollPath,
  } = found;
  return [
    { name: 'front-page', as: 'anonymous', status: 200, path: '/' },
    { name: 'latest-older', as: 'anonymous', status: 200, path: '/latest?page=1' },
    { name: 'latest-most-liked', as: 'anonymous', status: 200, path: '/latest?order=likes' },
    { name: 'top', as: 'anonymous', status: 200, path: '/top?period=all' },
    { name: 'categories', as: 'anonymous', status: 200, path: '/categories' },
    { name: 'tags', as: 'anonymous', status: 200, path: '/tags' },
    { name: 'topic-with-polls', as: 'anonymous', status: 200, path: pollPath },
    { name: 'topic-with-polls-signed-in', as: 'member', status: 200, path: pollPath },
    { name: 'tag', as: 'anonymous', status: 200, path: '/tag/packaging' },
    { name: 'category', as: 'anonymous', status: 200, path: categoryPath },
    { name: 'subcategory', as: 'anonymous', status: 200, path: subcategoryPath },
    { name: 'topic', as: 'anonymous', status: 200, path: longTopicPath },
    { name: 'topic-page-2', as: 'anonymous', status: 200, path: `${longTopicPath}?page=2` },
    { name: 'topic-signed-in', as: 'member', status: 200, path: longTopicPath },
    { name: 'category-signed-in', as: 'member', status: 200, path: categoryPath },
    // Read tracking: what the member has not opened, and what has posts since they read it.
    { name: 'new-topics', as: 'member', status: 200, path: '/new' },
    { name: 'likers', as: 'anonymous', status: 200, path: likersPath },
    { name: 'bookmarks', as: 'member', status: 200, path: '/bookmarks' },
    { name: 'bookmark-form', as: 'member', status: 200, path: `/posts/${flagTarget.id}/bookmark` },
    {
      name: 'bookmark-form-with-errors',
      as: 'member',
      status: 422,
      path: `/posts/${flagTarget.id}/bookmark`,
      async fill(page) {
        await page.getByLabel('Note (optional)').fill('Read this before the sprint');
        await page.getByLabel('Remind me at (UTC, optional)').fill('2020-01-01T08:00');
      },
      submit: 'Save bookmark',
    },
    { name: 'unread-topics', as: 'member', status: 200, path: '/unread' },
    { name: 'notifications', as: 'member', status: 200, path: '/notifications' },
    { name: 'notifications-older', as: 'member', status: 200, path: '/notifications?page=1' },
    { name: 'verify-status', as: 'member', status: 200, path: '/verify' },
    { name: 'preferences', as: 'member', status: 200, path: '/my/preferences' },
    { name: 'change-email', as: 'member', status: 200, path: '/my/email' },
    {
      name: 'change-email-with-errors',
      as: 'member',
      status: 422,
      path: '/my/email',
      async fill(page) {
        await page.getByLabel('New email address').fill('someone-new@example.org');
        await page.getByLabel('Your current password').fill('not the password');
      },
      submit: 'Send a confirmation link',
    },
    { name: 'digest-next', as: 'member', status: 200, path: `/u/${member}/digest/next` },
    { name: 'digest-admin-preview', as: 'admin', status: 200, path: `/u/${member}/digest/next` },
    {
      name: 'preferences-with-errors',
      as: 'member',
      status: 422,
      path: '/my/preferences',
      async fill(page) {
        await page.getByLabel('At most this many notification mails a day (optional)').fill('100000');
        // The browser's own checks would stop the form; the server's answer is the page under test.
        await page.locator('form.stacked').evaluate((form) => form.setAttribute('novalidate', ''));
      },
      submit: 'Save preferences',
    },
    { name: 'password-reset-request', as: 'anonymous', status: 200, path: '/password-reset' },
    {
      name: 'password-reset-asked',
      as: 'anonymous',
      status: 200,
      path: '/password-reset',
      async fill(page) {
        await page.getByLabel('Email address').fill('nobody-here@example.org');
      },
      submit: 'Mail me a link',
    },
    { name: 'mail-link-unknown', as: 'anonymous', status: 404, path: '/password-reset/not-a-real-link' },
    { name: 'unsubscribe', as: 'anonymous', status: 200, path: unsubscribePath },
    {
      name: 'unsubscribed',
      as: 'anonymous',
      status: 200,
      path: unsubscribePath,
      async fill() {},
      submit: 'Stop notification mail',
    },
    { name: 'unsubscribe-altered', as: 'anonymous', status: 404, path: `${unsubscribePath.slice(0, -1)}x` },
    { name: 'user-profile', as: 'anonymous', status: 200, path: `/u/${member}` },
    // Profile tabs: all activity, likes given (names other people), solutions.
    { name: 'user-activity', as: 'anonymous', status: 200, path: `/u/${member}/activity` },
    { name: 'user-likes-given', as: 'anonymous', status: 200, path: `/u/${member}/activity/likes-given` },
    { name: 'user-solutions', as: 'member', status: 200, path: `/u/${member}/activity/solved` },
    { name: 'sign-up', as: 'anonymous', status: 200, path: '/signup' },
    {
      name: 'sign-up-with-errors',
      as: 'anonymous',
      status: 422,
      path: '/signup',
      async fill(page) {
        await page.getByLabel('Username').fill('a');
        await page.getByLabel('Email').fill('not-an-email@');
        await page.getByLabel('Password').fill('short');
        // The browser's own checks would stop the form; the server's answer is the page under test.
        await page.locator('form.stacked').evaluate((form) => form.setAttribute('novalidate', ''));
      },
      submit: 'Create account',
    },
    { name: 'log-in', as: 'anonymous', status: 200, path: '/login' },
    { name: 'new-topic', as: 'member', status: 200, path: '/new-topic' },
    {
      name: 'new-topic-preview',
      as: 'member',
      status: 200,
      path: '/new-topic',
      async fill(page) {
        await page.getByLabel('Title').fill('Loading arrays from Zarr stores');
        await page.getByLabel('Category').selectOption({ label: 'Q&A' });
        await page.getByLabel('Your post').fill(`${SAMPLE_POST}\n\n![](https://example.org/plot.png)`);
      },
      submit: 'Preview',
    },
    {
      name: 'new-topic-with-tag-errors',
      as: 'member',
      status: 422,
      path: '/new-topic',
      async fill(page) {
        await page.getByLabel('Title').fill('Loading arrays from Zarr stores');
        await page.getByLabel('Category').selectOption({ label: 'Q&A' });
        await page.getByLabel('Tags (optional)').fill('packaging, not/a/tag');
        await page.getByLabel('Your post').fill(SAMPLE_POST);
      },
      submit: 'Create topic',
    },
    { name: 'reply', as: 'member', status: 200, path: `/t/${longTopicId}/reply?to=2` },
    { name: 'edit', as: 'member', status: 200, path: `/posts/${editedPost.id}/edit` },
    { name: 'revision-history', as: 'anonymous', status: 200, path: `/posts/${editedPost.id}/revisions` },
    { name: 'revision', as: 'anonymous', status: 200, path: `/posts/${editedPost.id}/revisions/1` },
    { name: 'search', as: 'anonymous', status: 200, path: '/search' },
    { name: 'search-results', as: 'anonymous', status: 200, path: '/search?q=array' },
    { name: 'search-no-results', as: 'member', status: 200, path: '/search?q=arrya%20%23q-a' },
    {
      name: 'search-advanced',
      as: 'anonymous',
      status: 200,
      path: '/search',
      async fill(page) {
        await page.getByLabel('Words').fill('dtype');
        await page.getByLabel('Where').selectOption({ label: 'Titles and posts' });
        await page.getByLabel('Order').selectOption({ label: 'Newest posts' });
      },
      submit: 'Search with these options',
    },
    { name: 'code-of-conduct', as: 'anonymous', status: 200, path: '/code-of-conduct' },
    { name: 'not-found', as: 'anonymous', status: 404, path: '/t/no-such-topic/99999999' },
    { name: 'forbidden', as: 'member', status: 403, path: '/admin/categories' },
    { name: 'admin-categories', as: 'admin', status: 200, path: '/admin/categories' },
    { name: 'admin-category-edit', as: 'admin', status: 200, path: `/admin/categories/${categoryId}/edit` },
    { name: 'admin-api-keys', as: 'admin', status: 200, path: '/admin/api-keys' },
    // Moderation (the demo's history: items waiting, decided ones, a resolved case)
    { name: 'flag', as: 'member', status: 200, path: `/posts/${flagTarget.id}/flag` },
    {
      name: 'flag-with-errors',
      as: 'member',
      status: 422,
      path: `/posts/${flagTarget.id}/flag`,
      async fill(page) {
        await page.getByLabel('Code of conduct violation').check();
        // A report needs the reporter's words; the browser's check would stop the form first.
        await page.locator('form.stacked').evaluate((form) => form.setAttribute('novalidate', ''));
      },
      submit: 'Flag post',
    },
    { name: 'my-moderation', as: 'member', status: 200, path: '/my/moderation' },
    { name: 'review-queue', as: 'admin', status: 200, path: '/review' },
    { name: 'review-decided', as: 'admin', status: 200, path: '/review?status=all&type=coc_case' },
    // The demo's sixth item is its resolved code-of-conduct case (`src/demo/moderation.rs`).
    { name: 'review-case', as: 'admin', status: 200, path: '/review/6' },
    { name: 'review-forbidden', as: 'member', status: 403, path: '/review' },
    // A newcomer's first question and a reply with a watched word, waiting for approval.
    { name: 'review-queued', as: 'admin', status: 200, path: '/review?type=queued_post&status=all' },
    { name: 'admin-watched-words', as: 'admin', status: 200, path: '/admin/watched_words' },
    {
      name: 'admin-watched-words-with-errors',
      as: 'admin',
      status: 409,
      path: '/admin/watched_words',
      async fill(page) {
        // The demo blocks "casino*" already.
        await page.getByLabel('Word or phrase').fill('casino*');
        await page.getByRole('radio', { name: 'Block', exact: true }).check();
      },
      submit: 'Add word',
    },
    { name: 'admin-tags', as: 'admin', status: 200, path: '/admin/tags' },
    {
      name: 'admin-tags-with-errors',
      as: 'admin',
      status: 422,
      path: '/admin/tags',
      async fill(page) {
        await page.locator('#tag-name').fill('not a/tag');
      },
      submit: 'Save tag',
    },
    { name: 'admin-logs', as: 'admin', status: 200, path: '/admin/logs' },
    // A thread in slow mode: its banner and notice for readers, the topic tools for staff.
    { name: 'topic-slow-mode', as: 'anonymous', status: 200, path: slowTopicPath },
    { name: 'topic-tools', as: 'admin', status: 200, path: slowTopicPath },
    { name: 'topic-move', as: 'admin', status: 200, path: `/t/${longTopicId}/move?page=2` },
    {
      name: 'topic-move-with-errors',
      as: 'admin',
      status: 422,
      path: `/t/${longTopicId}/move`,
      async fill() {},
      submit: 'Move posts',
    },
    {
      name: 'admin-user-note-with-errors',
      as: 'admin',
      status: 422,
      path: `/admin/users/${memberId}/moderate`,
      async fill(page) {
        await page.getByLabel('Note', { exact: true }).fill(' ');
      },
      submit: 'Save note',
    },
    { name: 'admin-user-moderate', as: 'admin', status: 200, path: `/admin/users/${memberId}/moderate` },
    {
      name: 'admin-user-suspend-with-errors',
      as: 'admin',
      status: 422,
      path: `/admin/users/${memberId}/moderate`,
      async fill(page) {
        await page.locator('form.stacked').first().evaluate((form) => form.setAttribute('novalidate', ''));
      },
      submit: `Suspend ${member}`,
    },
    // Q&A (`solve_questions` in `src/demo/mod.rs`)
    { name: 'question-solved', as: 'anonymous', status: 200, path: solvedPath },
    { name: 'question-unsolved-staff', as: 'admin', status: 200, path: unsolvedPath },
    { name: 'questions-unsolved', as: 'anonymous', status: 200, path: unsolvedListPath },
    // Proposals (the demo's SPECs at every stage, `src/demo/proposals.rs`)
    { name: 'proposals', as: 'anonymous', status: 200, path: '/proposals' },
    { name: 'proposals-filtered', as: 'anonymous', status: 200, path: '/proposals?status=recommended&sort=number' },
    { name: 'proposals-of-project', as: 'member', status: 200, path: '/proposals?project=numpy' },
    { name: 'proposals-bad-filter', as: 'anonymous', status: 400, path: '/proposals?status=finished' },
    { name: 'projects', as: 'anonymous', status: 200, path: '/projects' },
    { name: 'project', as: 'anonymous', status: 200, path: '/projects/numpy' },
    { name: 'proposal-topic', as: 'anonymous', status: 200, path: recommendedPath },
    { name: 'proposal-topic-committee', as: 'admin', status: 200, path: reconfirmPath },
    { name: 'proposal-topic-representative', as: 'representative', status: 200, path: waitingPath },
    { name: 'proposal-edit', as: 'admin', status: 200, path: `/proposals/${recommendedId}/edit` },
    {
      name: 'proposal-details-with-errors',
      as: 'admin',
      status: 422,
      path: `/proposals/${recommendedId}/edit`,
      async fill(page) {
        await page.getByLabel('Published document').fill('not a link');
        await page.locator('form.stacked').first().evaluate((form) => form.setAttribute('novalidate', ''));
      },
      submit: 'Save details',
    },
    {
      name: 'proposal-decision-with-errors',
      as: 'admin',
      status: 422,
      path: `/proposals/${recommendedId}/edit`,
      async fill(page) {
        // Superseded, without saying by what.
        await page.getByLabel('Stage').selectOption({ label: 'Superseded' });
      },
      submit: 'Record decision',
    },
    { name: 'admin-projects', as: 'admin', status: 200, path: '/admin/projects' },
    {
      name: 'admin-projects-with-errors',
      as: 'admin',
      status: 422,
      path: '/admin/projects',
      async fill(page) {
        await page.getByLabel('Handle (as the proposals repository names it, e.g. numpy)').fill('Not a handle!');
        await page.getByLabel('Name', { exact: true }).fill('A project');
      },
      submit: 'Save project',
    },
    {
      name: 'admin-api-key-made',
      as: 'admin',
      status: 200,
      path: '/admin/api-keys',
      async fill(page) {
        await page.getByLabel('Username (for a one-user key)').fill(member);
        await page.getByLabel('What it is for').fill('Posting meeting notes');
        await page.getByLabel('topics:write').check();
      },
      submit: 'Make key',
    },
  ];
}

/** Clicks `button` and returns the response of the page its form loads. */
export async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response;
}

/**
 * Opens one catalogue entry in `page`; fails unless it answers with the expected status.
 * `beforeSubmit(page)` runs between filling a form and sending it.
 */
export async function visit(page, base, entry, { beforeSubmit } = {}) {
  let response = await page.goto(base + entry.path);
  if (entry.fill) {
    await entry.fill(page);
    await beforeSubmit?.(page);
    response = await submit(page, page.getByRole('button', { name: entry.submit }));
  }
  if (!response) throw new Error(`${entry.name}: no response`);
  if (response.status() !== entry.status) {
    throw new Error(`${entry.name}: expected ${entry.status}, got ${response.status()} at ${page.url()}`);
  }
  return response;
}

/**
 * Logs in through the form once and returns the browser state (the session cookie) for
 * contexts that look as that person; logging in for every page would trip the rate limit.
 */
export async function signIn(browser, base, username) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('Username or email').fill(username);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    const response = await submit(page, page.getByRole('button', { name: 'Log in' }));
    if (response.status() !== 200 || !(await page.getByRole('button', { name: 'Log out' }).count())) {
      throw new Error(`Could not log in as ${username}: ${response.status()} at ${page.url()}`);
    }
    return await context.storageState();
  } finally {
    await context.close();
  }
}

/** Browser states for each kind of viewer in the catalogue. */
export async function viewers(browser, base, found) {
  return {
    anonymous: undefined,
    member: await signIn(browser, base, found.member),
    admin: await signIn(browser, base, 'admin'),
    representative: await signIn(browser, base, found.representative),
  };
}
