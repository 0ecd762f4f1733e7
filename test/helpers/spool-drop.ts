import { copyFile, mkdir, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Drops files into a spool the way writers should: copy under a dot name, then rename. */
export async function dropIntoSpool(
  spool: string,
  files: readonly string[],
  rename_to?: (name: string) => string,
): Promise<void> {
  await mkdir(spool, { recursive: true });
  for (const file of files) {
    const name = rename_to ? rename_to(basename(file)) : basename(file);
    await copyFile(file, join(spool, `.${name}.part`));
    await rename(join(spool, `.${name}.part`), join(spool, name));
  }
}
