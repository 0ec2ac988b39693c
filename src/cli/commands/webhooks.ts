import { createWebhookEndpoint, listWebhookEndpoints } from '../../store/queries/webhook-endpoints.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, UsageError } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

const ADAPTERS = ['generic', 'channeltalk', 'zendesk'] as const;

export const webhooksCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags } = parseFlags(rest, { adapter: { type: 'string' }, source: { type: 'string' }, secret: { type: 'string' } }, HELP.webhooks);
  if (!sub || !['list', 'create'].includes(sub)) throw new UsageError(HELP.webhooks);
  return withStore(config, 'webhooks', async (db) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    if (sub === 'list') {
      const endpoints = await listWebhookEndpoints(db, ws.id);
      if (!endpoints.length) {
        console.log(t(`워크스페이스 ${ws.slug}에 웹훅 수신 주소가 없습니다. 만들기: sori webhooks create --adapter ${ADAPTERS.join('|')}`, `no webhook receivers in workspace ${ws.slug}. Create one: sori webhooks create --adapter ${ADAPTERS.join('|')}`));
        return 0;
      }
      for (const e of endpoints) console.log(`${e.id}\t${e.adapter}\t${e.source}\t${config.publicUrl}/api/v1/webhooks/${e.slug}`);
      return 0;
    }
    const adapter = flags.adapter as (typeof ADAPTERS)[number];
    if (!ADAPTERS.includes(adapter)) throw new UsageError(`--adapter ${ADAPTERS.join('|')}`);
    // Vendors that generate their own signing secret (Zendesk) pass it with --secret.
    const e = await createWebhookEndpoint(db, { workspaceId: ws.id, adapter, source: (flags.source as string) ?? adapter, secret: flags.secret as string | undefined });
    console.log(t('수신 주소', 'URL') + `: ${config.publicUrl}/api/v1/webhooks/${e.slug}`);
    console.log(t('서명 비밀값', 'signing secret') + `: ${e.secret}`);
    return 0;
  });
};
