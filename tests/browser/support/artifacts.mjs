// Where the suite leaves what a person should look at: screenshots and the page-weight table.
// tests/artifacts/ is ignored by git; CI keeps it as the run's artefacts.

import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** tests/artifacts/, or $CONVENE_ARTIFACTS. */
export const ARTIFACTS = process.env.CONVENE_ARTIFACTS ?? resolve(import.meta.dirname, '..', '..', 'artifacts');

/** The path of an artefact, with its folder made. */
export async function artifactPath(...parts) {
  const path = join(ARTIFACTS, ...parts);
  await mkdir(dirname(path), { recursive: true });
  return path;
}
