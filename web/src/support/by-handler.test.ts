import { describe, expect, it } from 'vitest';
import type { SupportKpis } from '../api';
import { byHandlerOf, headlineGroup, supportHandlerParam, type HandlerLeadTimes, type SupportByHandler } from './by-handler';

const group = (received: number, p50: number): HandlerLeadTimes => ({
  received,
  without_handler: 0,
  first_response: { count: received, p50_seconds: p50, p90_seconds: p50 * 2 },
  resolution: { count: received, p50_seconds: p50 * 10, p90_seconds: p50 * 20 },
  change: null,
});
const withBot: SupportByHandler = { people: group(40, 1800), bot: group(30, 5), all: group(70, 600) };

describe('Support’s lead-time headline by handler', () => {
  it('reads the handler from the address: people unless bot or all', () => {
    expect(['people', 'bot', 'all', null, '상담원', 'human'].map(supportHandlerParam)).toEqual(['people', 'bot', 'all', 'people', 'people', 'people']);
  });

  it('shows the chosen group; without a chatbot, every item’s (people are every item then)', () => {
    expect(headlineGroup(withBot, 'people')).toEqual({ choice: 'people', group: withBot.people });
    expect(headlineGroup(withBot, 'bot')).toEqual({ choice: 'bot', group: withBot.bot });
    expect(headlineGroup(withBot, 'all')).toEqual({ choice: 'all', group: withBot.all });
    const noBot = { ...withBot, bot: null };
    expect(headlineGroup(noBot, 'people').choice).toBe('all');
    expect(headlineGroup(noBot, 'bot')).toEqual({ choice: 'all', group: noBot.all });
  });

  it('reads nothing from a server that does not send the groups', () => {
    expect(byHandlerOf({} as SupportKpis)).toBeNull();
    expect(byHandlerOf({ by_handler: withBot } as unknown as SupportKpis)).toBe(withBot);
  });
});
