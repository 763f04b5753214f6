// Starts a real `convene serve` on a fresh SQLite file (with the demo community loaded) on
// 127.0.0.1, and stops it by its PID.

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { forget, remember } from './processes.mjs';

const REPO = resolve(import.meta.dirname, '..', '..', '..');

/** The convene binary under test: $CONVENE_BIN, else the debug build `cargo test` leaves. */
export const CONVENE_BIN = process.env.CONVENE_BIN ?? join(REPO, 'target', 'debug', 'convene');

/** Every demo account's password (src/demo/mod.rs). */
export const DEMO_PASSWORD = 'convene-demo';

/**
 * A running forum: `url` to browse, `pid` of its process, `mailDir` where its mail is written,
 * `stop()` to end it and delete its data.
 * Port 0 lets the kernel choose a free port; the server logs the address it bound.
 */
export async function startForum({ demo = true } = {}) {
  try {
    await access(CONVENE_BIN);
  } catch {
    throw new Error(`No convene binary at ${CONVENE_BIN}: run \`cargo build\` first, or set CONVENE_BIN.`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'convene-browser-'));
  const env = {
    ...process.env,
    CONVENE__DATABASE__URL: `sqlite://${join(dir, 'convene.db')}`,
    CONVENE__SERVER__BIND: '127.0.0.1:0',
    CONVENE__SERVER__WORKERS: '2',
    CONVENE__LOG__LEVEL: 'info',
    // Mail is written as .eml files here; the journey opens the links in them. The outbox is
    // polled every second so a mail arrives while the journey waits for it.
    CONVENE__MAIL__FILE_DIRECTORY: join(dir, 'mail'),
    CONVENE__MAIL__POLL_SECONDS: '1',
    // Every visitor is 127.0.0.1 here, and several suites ask for reset mail at once.
    CONVENE__AUTH__ACCOUNT_MAILS_PER_IP_PER_HOUR: '1000',
    // Every page is opened many times a second from 127.0.0.1; the search limit per anonymous
    // client has its own test (tests/integration/search.rs).
    CONVENE__SEARCH__ANONYMOUS_PER_SECOND: '0',
    // The newcomer journey signs up and goes on to reply to and edit its own first topic, so
    // here a new member's posts are published at once; the moderator journey approves the
    // demo's queued posts, and tests/integration/watched_words.rs tests the queue itself.
    CONVENE__MODERATION__APPROVE_NEW_MEMBER_POSTS: '0',
    // Every journey signs up, previews and searches from 127.0.0.1 on one forum; the [limits]
    // have their own tests (tests/integration/reliability.rs).
    CONVENE__LIMITS__SIGNUPS_PER_IP_PER_HOUR: '0',
    CONVENE__LIMITS__PREVIEWS_PER_MINUTE: '0',
    CONVENE__LIMITS__MEMBER_SEARCHES_PER_MINUTE: '0',
  };
  if (demo) {
    await runToEnd(CONVENE_BIN, ['demo'], env);
  }
  const child = spawn(CONVENE_BIN, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  remember(child.pid);
  const url = await serverAddress(child);
  return {
    url,
    pid: child.pid,
    mailDir: join(dir, 'mail'),
    async stop() {
      await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a command to completion; rejects with its output if it fails. */
async function runToEnd(command, args, env) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) {
    throw new Error(`\`convene ${args.join(' ')}\` exited with ${code}:\n${output}`);
  }
}

/** Waits for "Convene is serving on http://…" in the server's log and returns that address. */
async function serverAddress(child) {
  const lines = [];
  const found = new Promise((resolveUrl, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) resolveUrl(match[1]);
      });
    }
    child.once('exit', (code) =>
      reject(new Error(`convene serve exited (${code}) before serving:\n${lines.join('\n')}`)),
    );
  });
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`convene serve did not start in 30 s:\n${lines.join('\n')}`)), 30_000).unref(),
  );
  try {
    return await Promise.race([found, timeout]);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
}

/** SIGTERM to the PID, then SIGKILL if it has not exited within five seconds. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    forget(child.pid);
    return;
  }
  const exited = once(child, 'exit');
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    if (child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  }, 5_000);
  await exited;
  clearTimeout(timer);
  forget(child.pid);
}
