/**
 * What GitHub accepts for POST/PATCH /repos/{owner}/{repo}/check-runs, as zod schemas, and the
 * 422 errors a rejected request gets.
 */
import { z } from 'zod';

export const MAX_ANNOTATIONS_PER_REQUEST = 50;
const MAX_OUTPUT_TEXT = 65535;

const annotation = z
  .object({
    path: z.string().min(1),
    start_line: z.number().int().positive(),
    end_line: z.number().int().positive(),
    start_column: z.number().int().positive().optional(),
    end_column: z.number().int().positive().optional(),
    annotation_level: z.enum(['notice', 'warning', 'failure']),
    message: z
      .string()
      .min(1)
      .max(64 * 1024),
    title: z.string().max(255).optional(),
    raw_details: z
      .string()
      .max(64 * 1024)
      .optional(),
  })
  .refine((a) => a.end_line >= a.start_line, { message: 'end_line must not be before start_line', path: ['end_line'] })
  .refine((a) => (a.start_column === undefined && a.end_column === undefined) || a.start_line === a.end_line, {
    message: 'start_column and end_column may only be given when start_line and end_line are equal',
    path: ['start_column'],
  });

const output = z.object({
  title: z.string().min(1),
  summary: z.string().max(MAX_OUTPUT_TEXT),
  text: z.string().max(MAX_OUTPUT_TEXT).optional(),
  annotations: z
    .array(annotation)
    .max(MAX_ANNOTATIONS_PER_REQUEST, {
      message: `Only ${MAX_ANNOTATIONS_PER_REQUEST} annotations may be sent per request`,
    })
    .optional(),
  images: z.array(z.object({ alt: z.string(), image_url: z.string(), caption: z.string().optional() })).optional(),
});

const action = z.object({
  label: z.string().min(1).max(20),
  description: z.string().min(1).max(40),
  identifier: z.string().min(1).max(20),
});

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO 8601 timestamp' });

const common = {
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: z.enum(['queued', 'in_progress', 'completed']).optional(),
  started_at: isoDate.optional(),
  conclusion: z
    .enum(['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out'])
    .optional(),
  completed_at: isoDate.optional(),
  output: output.optional(),
  actions: z.array(action).max(3).optional(),
};

export const createCheckRun = z.object({ name: z.string().min(1), head_sha: z.string().min(1), ...common });
export const updateCheckRun = z.object({ name: z.string().min(1).optional(), ...common });

export type CheckRunUpdate = z.infer<typeof updateCheckRun>;

/** GitHub's `errors` entries for zod's issues. */
export function checkRunErrors(
  issues: readonly z.core.$ZodIssue[],
): { resource: string; field: string; code: string; message: string }[] {
  return issues.map((issue) => ({
    resource: 'CheckRun',
    field: issue.path.map(String).join('.'),
    code:
      issue.code === 'invalid_type' && issue.message.includes('received undefined')
        ? 'missing_field'
        : issue.code === 'too_big'
          ? 'too_long'
          : 'invalid',
    message: `${issue.path.map(String).join('.')}: ${issue.message}`,
  }));
}
