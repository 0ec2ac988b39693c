import { cliActor } from '../../auth/audit.js';
import { eraseCustomer, type CustomerErasure } from '../../removal/erase-customer.js';
import { confirmDeletion } from '../confirm.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { withStoreOrServer } from '../running-server.js';
import { requireWorkspace } from '../with-store.js';

/**
 * `sori customers erase CUSTOMER_ID [--yes]`: counts the customer's items (by the pseudonym of the
 * id the source sent), asks (or, without a terminal, wants --yes) and erases them — on the store,
 * or through `sori serve` when it holds the embedded folder (SORI_TOKEN with the admin scope).
 */
export const customersCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags, positionals } = parseFlags(rest, { yes: { type: 'boolean', short: 'y' }, json: { type: 'boolean' } }, HELP.customers);
  if (sub !== 'erase') throw unknownSubcommand('customers', sub, ['erase'], HELP.customers);
  const customerId = positionals[0];
  if (!customerId?.trim() || positionals.length > 1) {
    throw new UsageError(t('지울 고객의 ID 하나를 주세요 (원본 시스템의 고객 ID 또는 c_로 시작하는 가명).', "name one customer's id (as the source sent it, or their c_… pseudonym).") + '\n\n' + HELP.customers);
  }
  const workspace = flags.workspace as string | undefined;
  const say = (line: string) => (flags.json ? console.error(line) : console.log(line));
  const decide = async (p: CustomerErasure): Promise<number | null> => {
    say(
      t(
        `고객 ${p.customer_ref}: 항목 ${p.matched.toLocaleString('ko-KR')}건을 삭제합니다${p.corrected ? ` (그중 라벨을 수정한 항목 ${p.corrected.toLocaleString('ko-KR')}건)` : ''}. 이 고객이 나오는 거부된 가져오기 행도 지웁니다.`,
        `customer ${p.customer_ref}: deletes ${p.matched.toLocaleString('en')} items${p.corrected ? ` (${p.corrected.toLocaleString('en')} of them with label corrections)` : ''}, and rejected import rows naming the customer.`,
      ),
    );
    return (await confirmDeletion(!!flags.yes, t('삭제할까요?', 'erase?'))) ? p.matched : null;
  };
  const done = (r: CustomerErasure): number => {
    say(
      t(
        `고객 ${r.customer_ref}의 데이터를 삭제했습니다: 항목 ${r.deleted.toLocaleString('ko-KR')}건, 거부된 가져오기 행 ${r.rejects_deleted.toLocaleString('ko-KR')}건. 감사 기록에는 가명과 건수만 남습니다.`,
        `erased customer ${r.customer_ref}: ${r.deleted.toLocaleString('en')} items, ${r.rejects_deleted.toLocaleString('en')} rejected import rows. The audit log records the pseudonym and counts only.`,
      ),
    );
    if (flags.json) console.log(JSON.stringify(r));
    return 0;
  };
  return withStoreOrServer(
    config,
    'customers',
    { workspace, scope: 'admin' },
    async (db) => {
      const ws = await requireWorkspace(db, workspace);
      const actor = cliActor();
      const expected = await decide(await eraseCustomer(db, ws, customerId, { dryRun: true, actor }));
      if (expected === null) return 1;
      return done(await eraseCustomer(db, ws, customerId, { expectedCount: expected, actor }));
    },
    async (api) => {
      const expected = await decide(await api<CustomerErasure>('POST', '/customers/erase', { customer_id: customerId, dry_run: true }));
      if (expected === null) return 1;
      return done(await api<CustomerErasure>('POST', '/customers/erase', { customer_id: customerId, expected_count: expected }));
    },
  );
};
