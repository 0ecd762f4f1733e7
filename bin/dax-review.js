#!/usr/bin/env node
// Entry point for `npx dax-review`: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv);
