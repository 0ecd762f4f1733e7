/**
 * Bench child: mailparser alone over the archive, one message at a time, with the options that
 * skip work we never need. The floor our parsing is measured against. Prints one JSON line.
 */
import { simpleParser } from 'mailparser';
import { readInputs } from '../../src/input/read-inputs.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: mailparser-alone <mbox[.gz]>');
const start = performance.now();
let messages = 0;
for await (const m of readInputs([path])) {
  await simpleParser(m.raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
  messages += 1;
}
const seconds = (performance.now() - start) / 1000;
process.stdout.write(JSON.stringify({ messages, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
