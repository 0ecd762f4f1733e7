/**
 * The `dax-review` command. Only commander and a few small modules load at start-up: each
 * command imports what it needs when it runs (`check` never loads the service's BullMQ, ioredis,
 * octokit, IMAP or SMTP modules; `--version` loads no rules). test/cli-startup.test.ts checks it.
 */
import { Command, CommanderError, Option } from 'commander';
import { join } from 'node:path';
import { UnreadableInputError } from '../input/raw-message.js';
import { packageRoot, TOOL } from '../render/tool-info.js';
import type { Rule } from '../engine/rule.js';
import type { FailOn, Format } from './check-command.js';
import type { ProjectConfig } from '../config/project-config.js';
import { ConfigError } from '../config-error.js';
import { DEFAULT_DOCS_BASE, withDocsBase } from '../engine/docs-link.js';
import { parseKernelVersion, type KernelVersion } from '../era/kernel-version.js';
import { registerServiceCommands } from './service-commands.js';
import { UnwritableOutputError } from './output-file.js';
import { OneLineError } from './one-line-error.js';

const loadRules = async (): Promise<readonly Rule[]> => (await import('../../rules/index.js')).rules;

/** Usage errors and unreadable inputs exit 2, like checkpatch and eslint. */
const EXIT_USAGE = 2;

function parseJobs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new CommanderError(
      EXIT_USAGE,
      'dax-review.usage',
      `--jobs takes a whole number from 0 to 64, not "${value}"`,
    );
  return n;
}

function parseTarget(value: string): KernelVersion {
  const v = parseKernelVersion(value);
  if (v === null)
    throw new CommanderError(
      EXIT_USAGE,
      'dax-review.usage',
      `--target takes a kernel release such as v6.8, not "${value}"`,
    );
  return v;
}

/** Any absolute URL (a docs site, a fork, an internal mirror); URL.canParse keeps zod off the start-up path. */
function parseDocsBase(value: string): string {
  if (!URL.canParse(value))
    throw new CommanderError(
      EXIT_USAGE,
      'dax-review.usage',
      `--docs-base (or DAX_REVIEW_DOCS_BASE) takes a URL such as https://example.org/dax-review, not "${value}"`,
    );
  return value;
}

/** Where the links to our docs point: the same flag and variable for every command that writes them. */
const docsBaseOption = (): Option =>
  new Option(
    '--docs-base <url>',
    'where our docs are published (the folder holding rules/ and docs/); links in reports are built on it',
  )
    .env('DAX_REVIEW_DOCS_BASE')
    .default(DEFAULT_DOCS_BASE)
    .argParser(parseDocsBase);

/** `--rule id=off|error|warning|info`, repeatable: collected as one rules map. */
function collectRule(value: string, previous: Record<string, string>): Record<string, string> {
  const m = /^([a-z0-9-]+)=(\w+)$/.exec(value);
  if (!m?.[1] || !m[2])
    throw new CommanderError(EXIT_USAGE, 'dax-review.usage', `--rule takes id=off|error|warning|info, not "${value}"`);
  return { ...previous, [m[1]]: m[2] };
}

async function effectiveConfig(
  rules: readonly Rule[],
  path: string | undefined,
  ruleFlags: Record<string, string>,
): Promise<ProjectConfig> {
  const { EMPTY_CONFIG, loadProjectConfig, parseProjectConfig } = await import('../config/project-config.js');
  const ids = rules.map((r) => r.id);
  const base = path ? await loadProjectConfig(path, ids) : EMPTY_CONFIG;
  if (Object.keys(ruleFlags).length === 0) return base;
  // Command-line settings win over the file's top level (list entries still apply on top).
  return parseProjectConfig({ ...base, rules: { ...base.rules, ...ruleFlags } }, '--rule', ids);
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
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this')
        .choices(['error', 'warning', 'info', 'none'])
        .default('warning'),
    )
    .option('-j, --jobs <n>', 'worker threads for parsing (default: all cores for large inputs)', parseJobs)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-progress', 'no progress bar on stderr')
    .option('-c, --config <file>', 'YAML configuration: rules on/off and severities, per list')
    .option(
      '--target <release>',
      'judge every patch against this kernel tree (e.g. v5.4) instead of guessing it',
      parseTarget,
    )
    .option('--rule <id=setting>', 'turn a rule off or change its severity (repeatable)', collectRule, {})
    .addOption(docsBaseOption())
    .action(
      async (
        paths: string[],
        o: {
          format: Format;
          failOn: FailOn;
          jobs?: number;
          output?: string;
          progress: boolean;
          config?: string;
          target?: KernelVersion;
          rule: Record<string, string>;
          docsBase: string;
        },
      ) => {
        const [rules, { runCheck }] = await Promise.all([loadRules(), import('./check-command.js')]);
        const config = await effectiveConfig(rules, o.config, o.rule);
        const linked = withDocsBase(rules, o.docsBase);
        setExit(
          await runCheck(paths, linked, {
            format: o.format,
            failOn: o.failOn,
            jobs: o.jobs,
            output: o.output,
            progress: o.progress,
            config,
            target: o.target ?? null,
            docsBase: o.docsBase,
          }),
        );
      },
    );

  program
    .command('rules')
    .description('list the rule catalog')
    .action(async () => {
      for (const r of await loadRules())
        process.stdout.write(`${r.id.padEnd(44)} ${r.meta.defaultSeverity.padEnd(8)} ${r.meta.docs.title}\n`);
      setExit(0);
    });

  program
    .command('explain')
    .description("print one rule's documentation")
    .argument('<rule>', 'rule id (slug)')
    .addOption(docsBaseOption())
    .action(async (id: string, o: { docsBase: string }) => {
      const rule = (await loadRules()).find((r) => r.id === id);
      if (!rule) {
        process.stderr.write(`dax-review: no rule "${id}"; \`dax-review rules\` lists them\n`);
        setExit(EXIT_USAGE);
        return;
      }
      const { explainRule } = await import('./explain-command.js');
      process.stdout.write(await explainRule(rule, o.docsBase));
      setExit(0);
    });

  program
    .command('demo')
    .description('the quick-start job: check the bundled real series and mail in examples/')
    .action(async () => {
      const [rules, { runCheck }] = await Promise.all([loadRules(), import('./check-command.js')]);
      const root = packageRoot();
      const inputs = ['dax-gup-mistake-v1.mbox', 'frame-vector-pin-user-pages.eml'].map((f) =>
        join(root, 'examples', f),
      );
      await runCheck(inputs, rules, { format: 'text', failOn: 'none', jobs: 0, output: undefined, progress: false });
      setExit(0);
    });

  registerServiceCommands(program, setExit);
  return program;
}

/** CLI entry: parses argv, runs the command, returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0 through here; usage errors were already printed.
      if (err.exitCode === 0) return 0;
      if (err.code.startsWith('dax-review.')) process.stderr.write(`dax-review: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (
      err instanceof UnreadableInputError ||
      err instanceof UnwritableOutputError ||
      err instanceof ConfigError ||
      err instanceof OneLineError
    ) {
      process.stderr.write(`dax-review: ${err.message}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}
