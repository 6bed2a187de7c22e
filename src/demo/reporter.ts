/** How a demo step ended. `expected-failure` is the failure a --break mode exists to show. */
export type StepOutcome = 'ok' | 'failed' | 'expected-failure' | 'unavailable' | 'skipped';

/** Where the demo writes: a stream and whether it may use colour. */
export interface ReporterOptions {
  write: (text: string) => void;
  color: boolean;
}

const MARK: Record<StepOutcome, string> = { ok: '✓', failed: '✗', 'expected-failure': '✗', unavailable: '–', skipped: '·' };
const COLOR: Record<StepOutcome, string> = { ok: '32', failed: '31', 'expected-failure': '33', unavailable: '90', skipped: '90' };
const LABEL_WIDTH = 34;

/**
 * Prints the demo's steps, one or two lines each: a mark, what was done, and what came back.
 *
 * @example
 * const r = new Reporter({ write: (t) => process.stdout.write(t), color: false });
 * r.section('Account B'); r.step('ok', 'created role', 'arn:aws:iam::…'); // " ✓ created role   arn:…"
 */
export class Reporter {
  readonly counts: Record<StepOutcome, number> = { ok: 0, failed: 0, 'expected-failure': 0, unavailable: 0, skipped: 0 };
  constructor(private readonly opts: ReporterOptions) {}

  #paint(code: string, text: string): string {
    return this.opts.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  line(text = ''): void {
    this.opts.write(text + '\n');
  }

  section(title: string): void {
    this.line(this.#paint('1', title));
  }

  /** One step: its mark, a fixed-width label, and the key ids or values that came back. */
  step(outcome: StepOutcome, label: string, detail = ''): void {
    this.counts[outcome]++;
    const mark = this.#paint(COLOR[outcome], MARK[outcome]);
    this.line(` ${mark} ${detail ? label.padEnd(LABEL_WIDTH) + ' ' + detail : label}`.trimEnd());
  }

  /** Indented lines under a step: an error message, an explanation. */
  detail(text: string): void {
    for (const l of text.split('\n')) this.line(`     ${l}`.trimEnd());
  }
}
