import { describe, expect, it } from 'vitest';
import {
  CHANNEL_LABELS,
  DRIVER_FINDING_LABELS,
  IMPORT_ADAPTER_LABELS,
  IMPORT_STATUS_LABELS,
  NO_TOPIC_LABEL,
  NO_TYPE_LABEL,
  PII_KIND_LABELS,
  SLA_TARGET_LABELS,
  SUPPORT_CLOCK_LABELS,
  UNCERTAIN_TYPE_LABEL,
  VERDICT_LABELS,
  type LabelPair,
} from '../../src/domain/labels-ko-en.js';
import { hasMessage, translate, type MessageKey } from './i18n';

/**
 * The page's words and the exports' are one table: channels, kinds, statuses, handlers, sentiments and
 * PII kinds are spread from src/domain/labels-ko-en.ts into the messages; the words the exports also
 * use but the pages keep as their own messages (verdicts, NPS findings, SLA targets, import
 * statuses, the clock) must read the same, or a download would say other words than the screen it
 * came from. The shipped SLA policies' names are read from the table itself (sla/policy-name.ts).
 */
describe('the shared label table and the UI messages', () => {
  const same = (prefix: string, table: Readonly<Record<string, LabelPair>>) => {
    for (const [key, [ko, en]] of Object.entries(table)) {
      const id = `${prefix}.${key}`;
      expect(hasMessage(id), id).toBe(true);
      expect([translate('ko', id as MessageKey), translate('en', id as MessageKey)], id).toEqual([ko, en]);
    }
  };

  it('gives the spread groups every value of the table, in both languages', () => {
    same('channel', CHANNEL_LABELS);
    same('pii', PII_KIND_LABELS);
    expect(translate('ko', 'channel.board')).toBe('1:1 문의');
    expect(translate('en', 'pii.customs_code')).toBe('Customs ID (PCCC)');
  });

  it('keeps the pages’ own messages in the words the exports use', () => {
    same('verdict', VERDICT_LABELS);
    same('nps.drivers.finding', DRIVER_FINDING_LABELS);
    same('sla.target', SLA_TARGET_LABELS);
    same('import.history.status', IMPORT_STATUS_LABELS);
    same('import.history.vendor', IMPORT_ADAPTER_LABELS);
    same('support.clock', SUPPORT_CLOCK_LABELS);
    const one = (id: MessageKey, pair: LabelPair) => expect([translate('ko', id), translate('en', id)], id).toEqual([...pair]);
    one('labels.type.uncertain', UNCERTAIN_TYPE_LABEL);
    one('labels.noTopic', NO_TOPIC_LABEL);
    one('splits.noType', NO_TYPE_LABEL);
  });
});
