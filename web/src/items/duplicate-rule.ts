/**
 * The channels whose items count as duplicates: the server's rule (src/domain/duplicates.ts
 * DUPLICATE_CHANNELS, checked equal by duplicate-rule.test.ts), which the Overview's duplicate share
 * and the list's duplicate filter follow. Reviews and survey answers repeat each other by nature
 * ("좋아요" a hundred times a day): their near-duplicate groups are similar texts, not duplicates.
 */
export const DUPLICATE_CHANNELS: readonly string[] = ['chat', 'phone', 'email', 'board', 'social', 'chatbot', 'other'];

/** True when an item on this channel can be a duplicate (and gets the list's 중복 badge). */
export function countsAsDuplicate(channel: string): boolean {
  return DUPLICATE_CHANNELS.includes(channel);
}
