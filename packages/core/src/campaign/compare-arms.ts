import { differenceInterval, type ProportionDifference } from './difference-interval.js';
import { mannWhitneyU, median, type MannWhitneyResult } from './mann-whitney.js';
import { wilsonInterval, type Interval } from './wilson-interval.js';

/** What one arm of a campaign produced, counted from its recipients. */
export interface ArmOutcomes {
  readonly key: string;
  /** A name for people ("A", "Booking v3"). */
  readonly label: string;
  /** Recipients whose message was sent (the denominator of every rate). */
  readonly sent: number;
  readonly opened: number;
  readonly completed: number;
  /** Milliseconds from send to completion, one per completed recipient. */
  readonly completionTimesMs: readonly number[];
  /** Milliseconds from send to the routed outcome's resolution, where one was resolved. */
  readonly resolutionTimesMs: readonly number[];
  /** Recipients who opened but did not complete, by the last screen they reached. */
  readonly dropOffs: Readonly<Record<string, number>>;
  /** Completed recipients by the routed outcome (rule or action) their answer produced. */
  readonly outcomes: Readonly<Record<string, number>>;
}

/** A share of an arm with its Wilson interval. */
export interface Share {
  readonly name: string;
  readonly count: number;
  readonly share: number;
  readonly interval: Interval;
}

/** One arm as the comparison shows it. */
export interface ArmSummary {
  readonly key: string;
  readonly label: string;
  readonly sent: number;
  readonly completed: number;
  readonly completionRate: number;
  readonly completionInterval: Interval;
  readonly medianCompletionMs: number | undefined;
  readonly medianResolutionMs: number | undefined;
  /** Drop-off screens, most frequent first, as shares of the arm's drop-offs. */
  readonly dropOffs: readonly Share[];
  /** Routed outcomes, most frequent first, as shares of the arm's completions. */
  readonly outcomes: readonly Share[];
}

/** An arm against the control arm (the first). */
export interface ArmVersusControl {
  readonly key: string;
  /** This arm's completion rate minus the control's, with Newcombe's interval. */
  readonly completion: ProportionDifference & { readonly clear: boolean };
  /** Mann–Whitney on completion times (this arm first: probabilityGreater > ½ means slower). */
  readonly completionTime: MannWhitneyResult & { readonly clear: boolean };
  readonly resolutionTime: MannWhitneyResult & { readonly clear: boolean };
}

/** The verdict in plain words, and whether the data allowed one. */
export interface Verdict {
  readonly kind: 'not-enough-data' | 'clear-difference' | 'no-clear-difference';
  readonly text: string;
}

export interface ArmComparison {
  readonly confidence: number;
  /** The confidence of each pairwise comparison (Bonferroni-adjusted when more than two arms). */
  readonly pairwiseConfidence: number;
  readonly arms: readonly ArmSummary[];
  readonly versusControl: readonly ArmVersusControl[];
  readonly verdict: Verdict;
  readonly timeVerdict: Verdict;
}

export interface CompareArmsOptions {
  /** Default 0.95. */
  readonly confidence?: number;
  /** Sent messages each arm needs before a verdict (default 30). */
  readonly minimumSent?: number;
  /** Completions each arm needs before times are compared (default 10). */
  readonly minimumCompletions?: number;
}

const percent = (p: number): string => `${Math.round(p * 100)} %`;
const points = (d: number): string => `${d < 0 ? '−' : ''}${Math.abs(Math.round(d * 100))}`;

function shares(counts: Readonly<Record<string, number>>, total: number, confidence: number): Share[] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, count]) => ({ name, count, share: total === 0 ? 0 : count / total, interval: wilsonInterval(Math.min(count, total), total, confidence) }));
}

/** Formats a duration for the verdict: "45 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h${m % 60 === 0 ? '' : ` ${m % 60} min`}`;
}

/**
 * Compares the arms of an A/B campaign against the first (control) arm: completion rates with Wilson
 * intervals, differences with Newcombe's interval, times with Mann–Whitney, and a verdict in plain words
 * ("B completes more often: 41 % vs 33 %, 95 % CI of the difference 3–13 points") or "not enough data yet".
 */
export function compareArms(arms: readonly ArmOutcomes[], options: CompareArmsOptions = {}): ArmComparison {
  const confidence = options.confidence ?? 0.95;
  const minimumSent = options.minimumSent ?? 30;
  const minimumCompletions = options.minimumCompletions ?? 10;
  const pairwiseConfidence = arms.length > 2 ? 1 - (1 - confidence) / (arms.length - 1) : confidence;
  const alpha = 1 - pairwiseConfidence;
  const summaries: ArmSummary[] = arms.map((arm) => {
    const completed = Math.min(arm.completed, arm.sent);
    const dropped = Object.values(arm.dropOffs).reduce((sum, n) => sum + n, 0);
    return {
      key: arm.key, label: arm.label, sent: arm.sent, completed,
      completionRate: arm.sent === 0 ? 0 : completed / arm.sent,
      completionInterval: wilsonInterval(completed, arm.sent, confidence),
      medianCompletionMs: median(arm.completionTimesMs),
      medianResolutionMs: median(arm.resolutionTimesMs),
      dropOffs: shares(arm.dropOffs, dropped, confidence),
      outcomes: shares(arm.outcomes, completed, confidence),
    };
  });
  const [control, ...others] = arms;
  const versusControl: ArmVersusControl[] = control === undefined ? [] : others.map((arm) => {
    const completion = differenceInterval(Math.min(arm.completed, arm.sent), arm.sent, Math.min(control.completed, control.sent), control.sent, pairwiseConfidence);
    const time = mannWhitneyU(arm.completionTimesMs, control.completionTimesMs);
    const resolution = mannWhitneyU(arm.resolutionTimesMs, control.resolutionTimesMs);
    return {
      key: arm.key,
      completion: { ...completion, clear: completion.lower > 0 || completion.upper < 0 },
      completionTime: { ...time, clear: time.pValue < alpha },
      resolutionTime: { ...resolution, clear: resolution.pValue < alpha },
    };
  });
  return { confidence, pairwiseConfidence, arms: summaries, versusControl, verdict: completionVerdict(summaries, versusControl, minimumSent, pairwiseConfidence), timeVerdict: timeVerdict(arms, summaries, versusControl, minimumCompletions) };
}

function completionVerdict(arms: readonly ArmSummary[], versus: readonly ArmVersusControl[], minimumSent: number, confidence: number): Verdict {
  const control = arms[0];
  if (control === undefined || arms.length < 2) return { kind: 'not-enough-data', text: 'Not enough data yet: a comparison needs at least two arms.' };
  const short = arms.filter((arm) => arm.sent < minimumSent);
  if (short.length > 0) {
    return { kind: 'not-enough-data', text: `Not enough data yet: each arm needs at least ${minimumSent} sent messages (${short.map((a) => `${a.label} has ${a.sent}`).join(', ')}).` };
  }
  const level = `${Math.round(confidence * 1000) / 10} %`;
  const clear = versus.map((v, i) => ({ v, arm: arms[i + 1] })).filter((x): x is { v: ArmVersusControl; arm: ArmSummary } => x.arm !== undefined && x.v.completion.clear);
  if (clear.length === 0) {
    const best = versus.map((v, i) => ({ v, arm: arms[i + 1] })).sort((a, b) => Math.abs(b.v.completion.difference) - Math.abs(a.v.completion.difference))[0];
    const other = best?.arm;
    if (best === undefined || other === undefined) return { kind: 'not-enough-data', text: 'Not enough data yet.' };
    const c = best.v.completion;
    return { kind: 'no-clear-difference', text: `No clear difference in completion yet: ${other.label} ${percent(other.completionRate)} vs ${control.label} ${percent(control.completionRate)}, ${level} CI of the difference ${points(c.lower)} to ${points(c.upper)} points.` };
  }
  // The clearest arm: the largest difference from control, in either direction.
  const pick = [...clear].sort((a, b) => Math.abs(b.v.completion.difference) - Math.abs(a.v.completion.difference))[0];
  if (pick === undefined) return { kind: 'not-enough-data', text: 'Not enough data yet.' };
  const c = pick.v.completion;
  const better = c.difference > 0;
  const [winner, loser] = better ? [pick.arm, control] : [control, pick.arm];
  const [lower, upper] = better ? [c.lower, c.upper] : [-c.upper, -c.lower];
  return { kind: 'clear-difference', text: `${winner.label} completes more often: ${percent(winner.completionRate)} vs ${percent(loser.completionRate)}, ${level} CI of the difference ${points(lower)}–${points(upper)} points.` };
}

function timeVerdict(arms: readonly ArmOutcomes[], summaries: readonly ArmSummary[], versus: readonly ArmVersusControl[], minimumCompletions: number): Verdict {
  const control = summaries[0];
  if (control === undefined || summaries.length < 2) return { kind: 'not-enough-data', text: 'Not enough data yet: a comparison needs at least two arms.' };
  const short = arms.filter((arm) => arm.completionTimesMs.length < minimumCompletions);
  if (short.length > 0) return { kind: 'not-enough-data', text: `Not enough data yet to compare times: each arm needs at least ${minimumCompletions} completions.` };
  const clear = versus.map((v, i) => ({ v, arm: summaries[i + 1] })).filter((x): x is { v: ArmVersusControl; arm: ArmSummary } => x.arm !== undefined && x.v.completionTime.clear);
  const first = clear.sort((a, b) => a.v.completionTime.pValue - b.v.completionTime.pValue)[0];
  if (first === undefined) return { kind: 'no-clear-difference', text: 'No clear difference in time to complete yet.' };
  const faster = first.v.completionTime.probabilityGreater < 0.5;
  const [quick, slow] = faster ? [first.arm, control] : [control, first.arm];
  const p = first.v.completionTime.pValue;
  return { kind: 'clear-difference', text: `${quick.label} is completed faster: median ${formatDuration(quick.medianCompletionMs ?? 0)} vs ${formatDuration(slow.medianCompletionMs ?? 0)} (Mann–Whitney p ${p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`}).` };
}
