import type { HandlerLeadTimes, SupportByHandler, SupportKpis } from '../api';

/**
 * Who handled the items a lead-time headline counts: `people` (상담원: agents, and items without a
 * handler recorded, as the Overview's response rate counts them) is what a team manages to; the
 * chatbot answers in seconds and would make it look fast; `all` is every item (the total row).
 */
export const HANDLER_CHOICES = ['people', 'bot', 'all'] as const;
export type HandlerChoice = (typeof HANDLER_CHOICES)[number];

export type { HandlerLeadTimes, SupportByHandler } from '../api';

/** The answer's lead times by handler (null while an answer lacks them). */
export function byHandlerOf(data: SupportKpis): SupportByHandler | null {
  return data.by_handler ?? null;
}

/** `people` (the default), `bot` or `all` from the URL. */
export function supportHandlerParam(value: string | null): HandlerChoice {
  return HANDLER_CHOICES.find((c) => c === value) ?? 'people';
}

/**
 * The group a headline shows: the one chosen, but every item when the chatbot handled nothing (the
 * people's figures are then every item's; `bot` from an old link falls back the same way).
 */
export function headlineGroup(byHandler: SupportByHandler, choice: HandlerChoice): { choice: HandlerChoice; group: HandlerLeadTimes } {
  if (choice === 'bot' && byHandler.bot) return { choice, group: byHandler.bot };
  if (choice === 'people' && byHandler.bot) return { choice, group: byHandler.people };
  return { choice: 'all', group: byHandler.all };
}
