import { Command, CommanderError, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UnreadableInputError } from '../input/raw-message.js';
import { packageRoot, TOOL } from '../report/tool-info.js';
import { rules } from '../../rules/index.js';
import { runCheck, type FailOn, type Format } from './check-command.js';

/** Usage errors and unreadable inputs exit 2, like checkpatch and eslint. */
const EXIT_USAGE = 2;

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new CommanderError(EXIT_USAGE, 'dax-review.jobs', `--jobs takes a whole number from 0 to 64, not "${value}"`);
  return n;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('dax-review')
    .description('Review kernel and QEMU patch mail for the DAX vs DMA rules')
    .version(TOOL.version)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('check')
    .description('check .eml, mbox/mboxrd (.gz), maildir, format-patch files or - (stdin)')
    .argument('<paths...>', 'inputs')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this').choices(['error', 'warning', 'info', 'none']).default('warning'))
    .option('-j, --jobs <n>', 'worker threads for parsing (default: all cores for large inputs)', parseJobs)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (paths: string[], o: { format: Format; failOn: FailOn; jobs?: number; output?: string; progress: boolean }) => {
      setExit(await runCheck(paths, rules, { format: o.format, failOn: o.failOn, jobs: o.jobs, output: o.output, progress: o.progress }));
    });

  program
    .command('rules')
    .description('list the rule catalog')
    .action(() => {
      for (const r of rules) process.stdout.write(`${r.id.padEnd(44)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.docs.title}\n`);
      setExit(0);
    });

  program
    .command('explain')
    .description("print one rule's documentation")
    .argument('<rule>', 'rule id (slug)')
    .action(async (id: string) => {
      const rule = rules.find((r) => r.id === id);
      if (!rule) {
        process.stderr.write(`dax-review: no rule "${id}"; \`dax-review rules\` lists them\n`);
        setExit(EXIT_USAGE);
        return;
      }
      process.stdout.write(await readFile(join(packageRoot(), 'rules', id, 'README.md'), 'utf8'));
      setExit(0);
    });

  program
    .command('demo')
    .description('the quick-start job: check the bundled real series and mail in examples/')
    .action(async () => {
      const root = packageRoot();
      const inputs = ['dax-gup-mistake-v1.mbox', 'frame-vector-pin-user-pages.eml'].map((f) => join(root, 'examples', f));
      await runCheck(inputs, rules, { format: 'text', failOn: 'none', jobs: 0, output: undefined, progress: false });
      setExit(0);
    });
  return program;
}

/** CLI entry: parses argv, runs the command, returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => { code = c; });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0 through here; usage errors were already printed.
      if (err.exitCode === 0) return 0;
      if (err.code === 'dax-review.jobs') process.stderr.write(`dax-review: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof UnreadableInputError) {
      process.stderr.write(`dax-review: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
