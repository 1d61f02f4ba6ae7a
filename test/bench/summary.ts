/**
 * Every benchmark ends with one summary line: a JSON line naming the bench, a sentence a reader
 * takes in at a glance (figures against targets), and the headline figures themselves.
 */
export function printSummary(bench: string, summary: string, figures: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ bench, summary, ...figures })}\n`);
}
