// The forum's outgoing mail as a newcomer's mail program would show it: the .eml files the
// forum writes (no SMTP server configured), parsed with a real MIME parser (mailparser), so a
// journey can open the link a mail holds exactly as a person would.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { simpleParser } from 'mailparser';

/**
 * Waits (up to `seconds`) for a mail to `to` holding a link to a path starting with `prefix`
 * that `skip` does not hold, and returns that link on `base`. The outbox job delivers within a
 * poll interval. The link's own origin is the forum's configured `server.base_url`, which a
 * test forum on a port the kernel chose cannot know, so only its path is kept.
 */
export async function mailedLink(mailDir, { to, base, prefix, skip = new Set(), seconds = 20 }) {
  const pattern = new RegExp(`https?://[^/\\s]+(${escape(prefix)}[^\\s"<>]+)`);
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    let names = [];
    try {
      names = await readdir(mailDir);
    } catch {
      // No mail written yet.
    }
    for (const name of names.filter((n) => n.endsWith('.eml'))) {
      const mail = await simpleParser(await readFile(join(mailDir, name)));
      const addressedTo = mail.to?.value.map((a) => a.address) ?? [];
      const path = pattern.exec(mail.text ?? '')?.[1];
      const link = path && base + path;
      if (addressedTo.includes(to) && link && !skip.has(link)) return link;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No mail to ${to} with a ${prefix} link arrived in ${seconds} s (in ${mailDir}).`);
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Waits (up to `seconds`) for any mail with a one-click unsubscribe link (`List-Unsubscribe`)
 * that stops mail of `kind` (`notifications` or `digest`) and returns that link's path. The
 * header is read from the raw message, where folding may have moved the `<…>` to a
 * continuation line. The kind matters: on the days a weekly digest falls due, digests are in
 * the outbox at start-up beside notification mail, and each unsubscribe page says what it stops.
 */
export async function anyUnsubscribePath(mailDir, { seconds = 30, kind = 'notifications' } = {}) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    let names = [];
    try {
      names = await readdir(mailDir);
    } catch {
      // No mail written yet.
    }
    for (const name of names.filter((n) => n.endsWith('.eml'))) {
      const raw = await readFile(join(mailDir, name), 'utf8');
      const url = /^List-Unsubscribe:\s*<([^>]+)>/im.exec(raw)?.[1];
      const path = url && new URL(url).pathname;
      if (path?.split('/')[3] === kind) return path;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No mail with a List-Unsubscribe link for ${kind} arrived in ${seconds} s (in ${mailDir}).`);
}
