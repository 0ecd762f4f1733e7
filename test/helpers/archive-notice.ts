/** vitest globalSetup: says once per run, not once per file, that the whole-archive tests are skipped. */
import { ARCHIVE_HOWTO, archivePath } from './archive.js';

export default function setup(): void {
  if (archivePath() === null) console.log(`\n${ARCHIVE_HOWTO}\n`);
}
