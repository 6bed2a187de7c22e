import { AdminApiError, type AdminClient } from '../../packages/sdk/src/admin-client.js';
import { awsFailure, type AwsFailure } from './clients.js';
import type { BreakMode, GuidePlan } from './plan.js';
import type { Reporter } from './reporter.js';

/** What every step of the demo works with. */
export interface DemoContext {
  endpoint: string;
  region: string;
  plan: GuidePlan;
  report: Reporter;
  /**
   * The operator's client: accounts, the notebook's role session, and explanations of denials.
   * Absent where there is no operator (`setup cross-account --sample`, which may run against AWS).
   */
  admin?: AdminClient;
}

/** A step failed in a way the run did not expect: the demo stops and exits non-zero. */
export class UnexpectedStepFailure extends Error {
  constructor(readonly step: string, readonly failure: AwsFailure | undefined, message: string) {
    super(message);
    this.name = 'UnexpectedStepFailure';
  }
}

/** The failure a --break mode exists to show happened where the guide fails: the run stops there, successfully. */
export class ExpectedBreak extends Error {
  constructor(readonly mode: BreakMode, readonly step: string) {
    super(`--break ${mode} failed at "${step}" as expected`);
    this.name = 'ExpectedBreak';
  }
}

/**
 * The server's explanation of a request's authorization decision (the admin API's
 * ExplainDecision, what `sagelite explain` prints), or why none could be had.
 */
export async function explanationOf(admin: AdminClient, requestId: string | undefined): Promise<string> {
  if (!requestId) return '(the response carried no request id to explain)';
  try {
    const out = await admin.call<{ Explanation: string }>('ExplainDecision', { RequestId: requestId });
    return out.Explanation;
  } catch (e) {
    if (e instanceof AdminApiError) return `(no explanation: ${e.code}: ${e.message})`;
    throw e;
  }
}

const isAccessDenied = (f: AwsFailure) => f.name === 'AccessDenied' || f.name === 'AccessDeniedException';

const UNRELATED_STATEMENT = /^(\s+)#\d+ .*: does not apply — action (\S+) does not match Action /;

/**
 * The explanation with runs of statements that are about other actions (AmazonSageMakerFullAccess
 * has 44) folded into one line each; every other line is kept. `sagelite explain` prints them all.
 *
 * @example
 * condenseExplanation(text); // "    … 43 more statements whose Action does not include sts:AssumeRole"
 */
export function condenseExplanation(text: string): string {
  const out: string[] = [];
  let run: { indent: string; action: string; lines: string[] } | undefined;
  const flush = () => {
    if (!run) return;
    if (run.lines.length <= 2) out.push(...run.lines);
    else out.push(run.lines[0]!, `${run.indent}… ${run.lines.length - 1} more statements whose Action does not include ${run.action}`);
    run = undefined;
  };
  for (const line of text.split('\n')) {
    const m = UNRELATED_STATEMENT.exec(line);
    if (m && run && run.indent === m[1] && run.action === m[2]) run.lines.push(line);
    else {
      flush();
      if (m) run = { indent: m[1]!, action: m[2]!, lines: [line] };
      else out.push(line);
    }
  }
  flush();
  return out.join('\n');
}

/** Prints a failed call: code, status, message and request id, then the server's explanation when it was an authorization decision. */
export async function reportFailure(ctx: DemoContext, outcome: 'failed' | 'expected-failure', label: string, e: unknown): Promise<AwsFailure> {
  const f = awsFailure(e);
  ctx.report.step(outcome, label, `${f.name}${f.status ? ` (HTTP ${f.status})` : ''}${f.requestId ? `, request ${f.requestId}` : ''}`);
  ctx.report.detail(f.message);
  // A denial of this call, or one inside it (Athena's S3 write names S3's request id in its reason).
  const explain = isAccessDenied(f) ? f.requestId : /access ?denied/i.test(f.message) ? /Request ID: ([\w-]+)/.exec(f.message)?.[1] : undefined;
  if (explain && ctx.admin) {
    ctx.report.detail(`why (sagelite explain ${explain}):`);
    ctx.report.detail(condenseExplanation(await explanationOf(ctx.admin, explain)).split('\n').map((l) => `  ${l}`).join('\n'));
  }
  return f;
}

/**
 * Runs one step. A failure is reported with its explanation; it is expected (and stops the run
 * as an {@link ExpectedBreak}) when `expectedFor` names the break being shown, else it is an
 * {@link UnexpectedStepFailure}. A step expected to fail that succeeds, or fails otherwise, is unexpected too.
 *
 * @example
 * const creds = await step(ctx, 'sts:AssumeRole into B', { breaks: ['trust', 'assume-policy'] }, () => assume(...), (c) => c.arn);
 */
/** When a step is expected to fail, and whether it could run at all. */
export interface StepExpectations {
  /** The --break modes under which this step is where the guide fails. */
  breaks?: BreakMode[];
  /** Whether a failure is the one the break shows (default: an AccessDenied). */
  expectedIf?: (f: AwsFailure) => boolean;
  /** False when the step turned out not to be runnable here (the caller reports it): nothing is printed. */
  ran?: () => boolean;
}

export async function step<T>(ctx: DemoContext, label: string, expect: StepExpectations, fn: () => Promise<T>, describe: (v: T) => string): Promise<T> {
  const breakHere = ctx.plan.broken !== undefined && (expect.breaks ?? []).includes(ctx.plan.broken);
  let value: T;
  try {
    value = await fn();
  } catch (e) {
    if (e instanceof ExpectedBreak || e instanceof UnexpectedStepFailure) throw e;
    const expected = breakHere && (expect.expectedIf ?? isAccessDenied)(awsFailure(e));
    const f = await reportFailure(ctx, expected ? 'expected-failure' : 'failed', label, e);
    if (expected) throw new ExpectedBreak(ctx.plan.broken!, label);
    throw new UnexpectedStepFailure(label, f, `${label}: ${f.name}: ${f.message}`);
  }
  if (expect.ran && !expect.ran()) {
    if (!breakHere) return value;
    ctx.report.step('unavailable', label, 'not available on this server');
    throw new UnexpectedStepFailure(label, undefined, `${label} is not available on this server, so --break ${ctx.plan.broken} cannot show its failure`);
  }
  ctx.report.step('ok', label, describe(value));
  if (breakHere) throw new UnexpectedStepFailure(label, undefined, `${label} succeeded, but --break ${ctx.plan.broken} should have made it fail`);
  return value;
}
