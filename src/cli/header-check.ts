/** What a feature group asks of an input file's columns. */
export interface GroupShape {
  recordIdentifierFeatureName: string;
  eventTimeFeatureName: string;
  featureNames: readonly string[];
}

/**
 * What is wrong with a CSV's columns for a feature group, in words; empty when every row could
 * be put. Checked before the first PutRecord, so that a file without its event-time column fails
 * once, saying so, rather than once per row.
 *
 * @example
 * headerProblems(['order_id', 'amout'], { recordIdentifierFeatureName: 'order_id', eventTimeFeatureName: 'event_time', featureNames: ['order_id', 'amount', 'event_time'] });
 * // ['the event time feature event_time has no column (add it, or pass --event-time-now …)', 'unknown column amout (did you mean amount?)…']
 */
export function headerProblems(columns: readonly string[], group: GroupShape, opts: { eventTimeNow?: boolean } = {}): string[] {
  const problems: string[] = [];
  const present = new Set(columns);
  if (!present.has(group.recordIdentifierFeatureName)) problems.push(`the record identifier feature ${group.recordIdentifierFeatureName} has no column`);
  if (!present.has(group.eventTimeFeatureName) && !opts.eventTimeNow) {
    problems.push(`the event time feature ${group.eventTimeFeatureName} has no column (add it, or pass --event-time-now to set it to the time of ingestion)`);
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) problems.push(`column ${c} appears more than once`);
    seen.add(c);
  }
  const features = new Set(group.featureNames);
  const unknown = [...seen].filter((c) => !features.has(c));
  if (unknown.length > 0) {
    const described = unknown.map((c) => {
      const near = group.featureNames.find((f) => f.toLowerCase() === c.toLowerCase());
      return near ? `${c} (did you mean ${near}?)` : c;
    });
    problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${described.join(', ')}: not features of the group (its features: ${group.featureNames.join(', ')})`);
  }
  return problems;
}
