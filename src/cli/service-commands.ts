/**
 * The service's subcommands: serve, enqueue, jobs failed|retry, rereview. Each loads its modules
 * (BullMQ, ioredis, octokit, IMAP, SMTP) only when it runs, so that `check` and `--version` never do.
 */
import { type Command, CommanderError } from 'commander';
import { OneLineError } from './one-line-error.js';
import type { ServiceClient } from './service-client.js';

/** Runs a command's body; the errors it reports as one line (exit 2) become OneLineError. */
async function oneLine(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    // Already loaded by the command that threw.
    const { isServiceCliError } = await import('./service-cli-errors.js');
    if (isServiceCliError(err)) throw new OneLineError(err.message, { cause: err });
    throw err;
  }
}

async function withClient<T>(run: (client: ServiceClient) => Promise<T>): Promise<T> {
  const { openServiceClient } = await import('./service-client.js');
  const client = await openServiceClient();
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

function parseTimeout(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new CommanderError(2, 'dax-review.usage', `--timeout takes seconds, not "${value}"`);
  return n * 1000;
}

export function registerServiceCommands(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description(
      'run the review service: spool folder in, outbox (or SMTP) out, on Redis (see README "Running the service")',
    )
    .action(() =>
      oneLine(async () => {
        const { serve } = await import('../../workers/main.js');
        await serve();
        setExit(0);
      }),
    );

  program
    .command('enqueue')
    .description('backfill: put every message of these files, mboxes or maildirs into the review queues')
    .argument('<paths...>', 'inputs')
    .option('--no-progress', 'no progress bar on stderr')
    .action((paths: string[], o: { progress: boolean }) =>
      oneLine(async () => {
        const { enqueuePaths } = await import('./enqueue-command.js');
        const n = await withClient((c) => enqueuePaths(c, paths, o.progress && process.stderr.isTTY));
        process.stdout.write(`enqueued ${n} message${n === 1 ? '' : 's'}\n`);
        setExit(0);
      }),
    );

  const jobs = program.command('jobs').description('inspect and retry failed jobs');
  jobs
    .command('failed')
    .description('list failed jobs with their reasons')
    .option('--json', 'JSON output')
    .action((o: { json?: boolean }) =>
      oneLine(async () => {
        const { formatFailed, listFailed } = await import('./jobs-command.js');
        const failed = await withClient(listFailed);
        process.stdout.write(o.json === true ? `${JSON.stringify(failed, null, 2)}\n` : formatFailed(failed));
        setExit(0);
      }),
    );
  jobs
    .command('retry')
    .description('retry a failed job (queue/id or id) or all of them')
    .argument('[id]', 'job id, as `jobs failed` prints it')
    .option('--all', 'retry every failed job')
    .action((id: string | undefined, o: { all?: boolean }) =>
      oneLine(async () => {
        if ((id === undefined) === (o.all !== true))
          throw new CommanderError(2, 'dax-review.usage', 'jobs retry takes a job id or --all');
        const { retryFailed } = await import('./jobs-command.js');
        const n = await withClient((c) => retryFailed(c, id ?? null));
        process.stdout.write(`retried ${n} job${n === 1 ? '' : 's'}\n`);
        setExit(n === 0 && id !== undefined ? 1 : 0);
      }),
    );

  program
    .command('rereview')
    .description(
      "re-run the review of a patch's series, or of a GitHub pull request, through the queues and print the findings",
    )
    .argument(
      '<message-id|pull-request>',
      'Message-ID (with or without <>), a lore URL, or a pull request (URL or owner/repo#N)',
    )
    .option('--force', 'publish the replies again even if they were already sent')
    .option('--timeout <seconds>', 'how long to wait for the review', parseTimeout, 120_000)
    .action((arg: string, o: { force?: boolean; timeout: number }) =>
      oneLine(async () => {
        const { formatPullRequestSummary, pullRequestFrom, rereviewPullRequest } =
          await import('./rereview-pull-request.js');
        const pull = pullRequestFrom(arg);
        if (pull !== null) {
          const { createLogger } = await import('../log/logger.js');
          // On GitHub a re-run updates the commit's check run; comments already made are never repeated.
          const summary = await withClient((c) => rereviewPullRequest(c, pull, createLogger(), o.timeout));
          process.stdout.write(formatPullRequestSummary(pull, summary));
          setExit(0);
          return;
        }
        const { formatSummary, rereview } = await import('./rereview-command.js');
        const summary = await withClient((c) => rereview(c, arg, o.force === true, o.timeout));
        process.stdout.write(formatSummary(summary));
        setExit(0);
      }),
    );
}
