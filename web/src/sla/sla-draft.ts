import type { ExtraHoliday, FieldError, SlaClock, SlaPolicy, SlaSettings, WeeklyBlock } from '../api';

/**
 * The SLA settings form's editable copy and its conversions: targets are typed as a number and a
 * unit (minutes or hours) and stored in milliseconds; a policy's channels and types are picked
 * from lists (keys, shown by their names), its priorities typed comma-separated; the
 * workspace's own days off one per line ("2026-12-31 종무식"), holidays it works one date per line;
 * the business hours' time zone as an IANA name (the API checks it).
 */

export type TargetUnit = 'min' | 'h';

export interface TargetDraft {
  value: string;
  unit: TargetUnit;
}

export interface PolicyDraft {
  id: string;
  /** The name as the form shows it (a shipped policy's in the UI's language). */
  name: string;
  /** A name shown otherwise than stored: left as shown, the stored one (both languages) is saved back. */
  keepName?: { shown: string; stored: string };
  /** Channel keys (chat, email); empty: any channel. */
  channels: string[];
  /** Type keys of the workspace's taxonomy (bug); empty: any type. */
  types: string[];
  /** Items' `metadata.priority` values the policy applies to, comma-separated. */
  priorities: string;
  firstResponse: TargetDraft;
  resolution: TargetDraft;
  calendar: SlaClock;
}

export interface SlaDraft {
  /** The zone business hours are read in (Asia/Seoul, America/Los_Angeles). */
  timeZone: string;
  blocks: WeeklyBlock[];
  koreanPublicHolidays: boolean;
  twentyFourSeven: boolean;
  /** One per line: a date and, optionally, its name. */
  extraHolidays: string;
  /** One date per line. */
  workedHolidays: string;
  policies: PolicyDraft[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** A target in ms as the form shows it: whole hours in hours, anything else in minutes. */
export function targetToDraft(ms: number | undefined): TargetDraft {
  if (ms === undefined) return { value: '', unit: 'min' };
  if (ms % HOUR_MS === 0) return { value: String(ms / HOUR_MS), unit: 'h' };
  return { value: String(Math.round((ms / MINUTE_MS) * 100) / 100), unit: 'min' };
}

/** The form's target in ms; undefined when empty (no target), NaN when not a number (the API says why). */
export function targetFromDraft(draft: TargetDraft): number | undefined {
  const text = draft.value.trim();
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n * (draft.unit === 'h' ? HOUR_MS : MINUTE_MS)) : Number.NaN;
}

const splitList = (text: string): string[] | undefined => {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
};

/**
 * The form's copy of the settings; `nameOf` gives a policy's name as the form shows it (a shipped
 * policy's two-language name in the UI's language: policy-name.ts), the stored one by default.
 */
export function settingsToDraft(settings: SlaSettings, nameOf: (policy: SlaPolicy) => string = (p) => p.name): SlaDraft {
  return {
    timeZone: settings.businessHours.timeZone,
    blocks: settings.businessHours.blocks.map((b) => ({ ...b, days: [...b.days] })),
    koreanPublicHolidays: settings.businessHours.koreanPublicHolidays,
    twentyFourSeven: settings.businessHours.twentyFourSeven,
    extraHolidays: settings.businessHours.extraHolidays.map((h) => `${h.date} ${h.nameKo}`.trim()).join('\n'),
    workedHolidays: settings.businessHours.workedHolidays.join('\n'),
    policies: settings.policies.map((p) => ({
      id: p.id,
      name: nameOf(p),
      ...(nameOf(p) !== p.name ? { keepName: { shown: nameOf(p), stored: p.name } } : {}),
      channels: [...(p.match.channels ?? [])],
      types: [...(p.match.types ?? [])],
      priorities: (p.match.priorities ?? []).join(', '),
      firstResponse: targetToDraft(p.firstResponseTargetMs),
      resolution: targetToDraft(p.resolutionTargetMs),
      calendar: p.calendar,
    })),
  };
}

const lines = (text: string): string[] => text.split('\n').map((s) => s.trim()).filter(Boolean);

/**
 * Days off from the form's lines ("2026-12-31 종무식"): a day listed before keeps its kind, and its
 * English name unless renamed (the new name then serves both languages); a new one is the
 * workspace's own, named "휴무일" / "Closed" when the line gives no name.
 * A malformed date is passed on as typed, so the API's message points at it.
 */
export function extraHolidaysFromDraft(text: string, base: readonly ExtraHoliday[]): ExtraHoliday[] {
  const before = new Map(base.map((h) => [h.date, h]));
  return lines(text).map((line) => {
    const [date = '', ...rest] = line.split(/\s+/);
    const name = rest.join(' ');
    const old = before.get(date);
    return {
      date,
      nameKo: name || old?.nameKo || '휴무일',
      nameEn: old && (!name || name === old.nameKo) ? old.nameEn : name || 'Closed',
      kind: old?.kind ?? 'workspace',
    };
  });
}

/**
 * The PUT body: the draft over the settings it started from; an emptied time zone becomes
 * `defaultTimeZone` (the workspace's).
 */
export function draftToSettings(draft: SlaDraft, base: SlaSettings, defaultTimeZone = base.businessHours.timeZone): Omit<SlaSettings, 'is_default'> {
  return {
    businessHours: {
      ...base.businessHours,
      timeZone: draft.timeZone.trim() || defaultTimeZone,
      blocks: draft.blocks,
      koreanPublicHolidays: draft.koreanPublicHolidays,
      twentyFourSeven: draft.twentyFourSeven,
      extraHolidays: extraHolidaysFromDraft(draft.extraHolidays, base.businessHours.extraHolidays),
      workedHolidays: lines(draft.workedHolidays),
    },
    policies: draft.policies.map((p): SlaPolicy => {
      const match: SlaPolicy['match'] = {};
      if (p.channels.length) match.channels = [...p.channels];
      if (p.types.length) match.types = [...p.types];
      const priorities = splitList(p.priorities);
      if (priorities) match.priorities = priorities;
      const name = p.keepName && p.name.trim() === p.keepName.shown ? p.keepName.stored : p.name.trim();
      const policy: SlaPolicy = { id: p.id, name, match, calendar: p.calendar };
      const first = targetFromDraft(p.firstResponse);
      const resolution = targetFromDraft(p.resolution);
      if (first !== undefined) policy.firstResponseTargetMs = first;
      if (resolution !== undefined) policy.resolutionTargetMs = resolution;
      return policy;
    }),
  };
}

/**
 * The draft after a language switch: a shipped policy's name still as shown (not edited) is shown in
 * the new language (`nameOf`); an edited name, and everything else, is left as typed.
 */
export function renamePolicies(draft: SlaDraft, nameOf: (policy: { id: string; name: string }) => string): SlaDraft {
  return {
    ...draft,
    policies: draft.policies.map((p) => {
      if (!p.keepName || p.name !== p.keepName.shown) return p;
      const shown = nameOf({ id: p.id, name: p.keepName.stored });
      return { ...p, name: shown, keepName: { ...p.keepName, shown } };
    }),
  };
}

/** A picked list with `key` ticked or unticked: a new key goes last, the rest keep their order. */
export function toggleKey(list: readonly string[], key: string): string[] {
  return list.includes(key) ? list.filter((k) => k !== key) : [...list, key];
}

/**
 * The choices of a policy's type or channel list: the known ones in their order, then the keys the
 * policy names that are not among them (stored before the lists were checked, or a type archived
 * since), so they can be seen and unticked.
 */
export function pickChoices(known: readonly string[], picked: readonly string[]): { key: string; known: boolean }[] {
  const set = new Set(known);
  return [...known.map((key) => ({ key, known: true })), ...picked.filter((key) => !set.has(key)).map((key) => ({ key, known: false }))];
}

/** A new policy's id: "policy-N", not taken yet. */
export function newPolicyId(policies: readonly { id: string }[]): string {
  const taken = new Set(policies.map((p) => p.id));
  let n = policies.length + 1;
  while (taken.has(`policy-${n}`)) n++;
  return `policy-${n}`;
}

/**
 * The API's field errors for one part of the form: `prefix` "businessHours.blocks.0" takes
 * "businessHours.blocks.0.end"; the empty prefix takes the ones no part claims.
 */
export function errorsFor(errors: readonly FieldError[], prefix: string, claimed: readonly string[] = []): FieldError[] {
  const under = (field: string | null, p: string) => field !== null && (field === p || field.startsWith(`${p}.`));
  if (prefix) return errors.filter((e) => under(e.field, prefix));
  return errors.filter((e) => !claimed.some((p) => under(e.field, p)));
}
