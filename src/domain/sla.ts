import { z } from 'zod';
import { addBusinessMs, businessMsBetween, hasBusinessHours, type BusinessSchedule } from './calendar/business-hours.js';

/**
 * SLA policies and their evaluation on one item: pure formulas over timestamps, a policy and a
 * business-hours schedule. Storage and the choice of `now` belong to the caller.
 */

/** What an SLA promises: a first reply, and a resolution (the official answer). */
export const SLA_TARGETS = ['firstResponse', 'resolution'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** 'business' counts only the schedule's business hours; 'calendar' is the plain 24-hour clock. */
export const SLA_CLOCKS = ['business', 'calendar'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];

/** Reached by the deadline: met; reached late, or still open past it: breached; else pending. */
export const SLA_STATUSES = ['met', 'breached', 'pending'] as const;
export type SlaStatus = (typeof SLA_STATUSES)[number];

const keyList = z.array(z.string().trim().min(1).max(100)).max(100);

/** An SLA policy as stored; an absent or empty match list accepts any value. */
export const slaPolicySchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    match: z
      .object({
        channels: keyList.optional(),
        types: keyList.optional(),
        priorities: keyList.optional(),
      })
      .default({}),
    firstResponseTargetMs: z.number().int().positive().optional(),
    resolutionTargetMs: z.number().int().positive().optional(),
    calendar: z.enum(SLA_CLOCKS).default('business'),
  })
  .refine((p) => p.firstResponseTargetMs !== undefined || p.resolutionTargetMs !== undefined, {
    message: 'a policy needs a first-response or a resolution target / 정책에는 첫 응답이나 해결 목표가 하나는 있어야 합니다',
  });
export type SlaPolicyInput = z.input<typeof slaPolicySchema>;
export type SlaPolicy = z.output<typeof slaPolicySchema>;

/** What SLA evaluation reads from an item (channel and type keys as stored). */
export interface SlaItem {
  channel: string;
  type?: string | null;
  priority?: string | null;
  created_at: Date;
  first_response_at?: Date | null;
  resolved_at?: Date | null;
}

const TARGET_MS_FIELD = { firstResponse: 'firstResponseTargetMs', resolution: 'resolutionTargetMs' } as const;

function matchDimensions(item: SlaItem, policy: SlaPolicy): number | null {
  const checks: [readonly string[] | undefined, string | null | undefined][] = [
    [policy.match.channels, item.channel],
    [policy.match.types, item.type],
    [policy.match.priorities, item.priority],
  ];
  let constrained = 0;
  for (const [allowed, value] of checks) {
    if (!allowed || allowed.length === 0) continue;
    if (value == null || !allowed.includes(value)) return null;
    constrained += 1;
  }
  return constrained;
}

/**
 * The policy that applies to an item: the matching one that constrains the most fields
 * (channels, types, priorities), the earliest in `policies` on a tie; null if none matches.
 * With `target`, only policies that set that target compete, so first response and resolution
 * may come from different policies (chat first response, incident resolution).
 */
export function pickPolicy<P extends SlaPolicy>(item: SlaItem, policies: readonly P[], target?: SlaTarget): P | null {
  let best: P | null = null;
  let bestScore = -1;
  for (const policy of policies) {
    if (target && policy[TARGET_MS_FIELD[target]] === undefined) continue;
    const score = matchDimensions(item, policy);
    if (score !== null && score > bestScore) {
      best = policy;
      bestScore = score;
    }
  }
  return best;
}

/** One target of one item, measured on the policy's clock. */
export interface SlaTargetEvaluation {
  target: SlaTarget;
  policyId: string;
  status: SlaStatus;
  targetMs: number;
  /** Clock time from creation to the answer (or to `now` while pending). */
  elapsedMs: number;
  dueAt: Date;
  /** The moment the target was missed (= dueAt), null unless breached. */
  breachedAt: Date | null;
  /** When the target was reached (answer or resolution), null while pending. */
  completedAt: Date | null;
}

export interface SlaEvaluation {
  firstResponse: SlaTargetEvaluation | null;
  resolution: SlaTargetEvaluation | null;
}

/** The plain clock: every instant counts (policies on `calendar` time). */
export const ALWAYS_OPEN: BusinessSchedule = { timeZone: 'UTC', twentyFourSeven: true, weekly: [], holidays: new Set() };

function evaluateTarget(
  target: SlaTarget,
  createdAt: Date,
  completedAt: Date | null,
  policy: SlaPolicy,
  schedule: BusinessSchedule,
  now: Date,
): SlaTargetEvaluation | null {
  const targetMs = policy[TARGET_MS_FIELD[target]];
  if (targetMs === undefined) return null;
  const clock = policy.calendar === 'calendar' ? ALWAYS_OPEN : schedule;
  const dueAt = addBusinessMs(createdAt, targetMs, clock);
  const endedAt = completedAt ?? now;
  // Breached strictly after the deadline: an answer at dueAt itself is in time.
  const breached = endedAt.getTime() > dueAt.getTime();
  const status: SlaStatus = completedAt ? (breached ? 'breached' : 'met') : breached ? 'breached' : 'pending';
  return {
    target,
    policyId: policy.id,
    status,
    targetMs,
    elapsedMs: businessMsBetween(createdAt, endedAt, clock),
    dueAt,
    breachedAt: status === 'breached' ? dueAt : null,
    completedAt,
  };
}

/**
 * The item's first-response and resolution SLA under one policy (null for a target the policy
 * does not set). A resolution without a recorded reply counts as the first response too; an open
 * item past its deadline is already breached.
 */
export function evaluateSla(item: SlaItem, policy: SlaPolicy, schedule: BusinessSchedule, now: Date): SlaEvaluation {
  const resolvedAt = item.resolved_at ?? null;
  return {
    firstResponse: evaluateTarget('firstResponse', item.created_at, item.first_response_at ?? resolvedAt, policy, schedule, now),
    resolution: evaluateTarget('resolution', item.created_at, resolvedAt, policy, schedule, now),
  };
}

/** Evaluates each target under the policy pickPolicy chooses for that target (null if none). */
export function evaluateItemSla(item: SlaItem, policies: readonly SlaPolicy[], schedule: BusinessSchedule, now: Date): SlaEvaluation {
  const forTarget = (target: SlaTarget) => {
    const policy = pickPolicy(item, policies, target);
    return policy ? evaluateSla(item, policy, schedule, now)[target] : null;
  };
  return { firstResponse: forTarget('firstResponse'), resolution: forTarget('resolution') };
}

export interface SlaCounts {
  met: number;
  breached: number;
  pending: number;
  /** met / (met + breached) × 100; null while nothing is decided. Pending items are left out. */
  metPercent: number | null;
}

/** Counts per target and the share met among decided ones. */
export function summarizeSla(evaluations: readonly SlaEvaluation[]): Record<SlaTarget, SlaCounts> {
  const count = (target: SlaTarget): SlaCounts => {
    const c = { met: 0, breached: 0, pending: 0 };
    for (const e of evaluations) {
      const t = e[target];
      if (t) c[t.status] += 1;
    }
    const decided = c.met + c.breached;
    return { ...c, metPercent: decided === 0 ? null : (c.met / decided) * 100 };
  };
  return { firstResponse: count('firstResponse'), resolution: count('resolution') };
}

/** The policy and deadline of each target for an item (what enrichment stores; status follows from the answer times). */
export interface SlaDueDates {
  firstResponse: { policyId: string; dueAt: Date } | null;
  resolution: { policyId: string; dueAt: Date } | null;
}

/** Deadlines for an item under the policies pickPolicy chooses per target (null where none applies). */
export function slaDueDates(item: SlaItem, policies: readonly SlaPolicy[], schedule: BusinessSchedule): SlaDueDates {
  const due = (target: SlaTarget) => {
    const policy = pickPolicy(item, policies, target);
    const targetMs = policy?.[TARGET_MS_FIELD[target]];
    if (!policy || targetMs === undefined) return null;
    const clock = policy.calendar === 'calendar' ? ALWAYS_OPEN : schedule;
    // Settings are checked for this when saved; stored ones from before the check must still not
    // stop ingest: a business-time target without business hours has no deadline.
    if (!hasBusinessHours(clock)) return null;
    return { policyId: policy.id, dueAt: addBusinessMs(item.created_at, targetMs, clock) };
  };
  return { firstResponse: due('firstResponse'), resolution: due('resolution') };
}
