import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueMessage } from './route.js';

// Validation reasons reach the dashboard and API clients in both languages, "English / 한국어".
describe('issueMessage', () => {
  const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues.map(issueMessage);

  it('puts Korean beside zod’s stock reasons', () => {
    const schema = z.object({ sla: z.enum(['breached', 'open_overdue']), limit: z.number().int().max(500), q: z.string().max(3), n: z.number().min(1) }).strict();
    expect(messages(schema, { sla: 'late', limit: 501, q: 'abcd', n: 0, extra: 1 })).toEqual([
      'Invalid option: expected one of "breached"|"open_overdue" / 허용되는 값: "breached", "open_overdue"',
      'Too big: expected number to be <=500 / 500 이하여야 합니다',
      'Too big: expected string to have <=3 characters / 3자 이하여야 합니다',
      'Too small: expected number to be >=1 / 1 이상이어야 합니다',
      'Unrecognized key: "extra" / 알 수 없는 키: extra',
    ]);
    expect(messages(z.object({ id: z.string().regex(/^\d+$/) }), { id: 'x' })).toEqual(['Invalid string: must match pattern /^\\d+$/ / 형식이 맞지 않습니다']);
    expect(messages(z.object({ on: z.boolean() }), { on: 'yes' })[0]).toMatch(/ \/ true 또는 false 형식이어야 합니다$/);
  });

  it('keeps our own messages (already bilingual, or a refinement) as they are', () => {
    expect(messages(z.string().refine(() => false, 'give type, topic_id or sentiment'), 'x')).toEqual(['give type, topic_id or sentiment']);
    expect(messages(z.string().min(2, 'too short / 너무 짧습니다'), 'x')).toEqual(['too short / 너무 짧습니다']);
  });
});
