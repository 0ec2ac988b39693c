import { createWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint } from '../../store/queries/webhook-endpoints.js';
import { cliActor } from '../../auth/audit.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, UsageError } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

const ADAPTERS = ['generic', 'channeltalk', 'zendesk'] as const;

export const webhooksCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags, positionals } = parseFlags(rest, { adapter: { type: 'string' }, source: { type: 'string' }, secret: { type: 'string' } }, HELP.webhooks);
  if (!sub || !['list', 'create', 'disable', 'enable', 'rotate'].includes(sub)) throw new UsageError(HELP.webhooks);
  return withStore(config, 'webhooks', async (db) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    if (sub === 'disable' || sub === 'enable' || sub === 'rotate') {
      // A leaked secret or token URL: switch the receiver off, or give it a new secret.
      const id = positionals[0];
      if (!id || !/^\d{1,9}$/.test(id)) throw new UsageError(t('수신 주소 ID를 주세요 (sori webhooks list의 첫 열)', 'give the receiver id (the first column of sori webhooks list)') + `\n\n${HELP.webhooks}`);
      const secret = flags.secret as string | undefined;
      const e = await updateWebhookEndpoint(db, ws.id, Number(id), sub === 'rotate' ? { rotateSecret: secret === undefined, secret } : { disabled: sub === 'disable' }, cliActor());
      if (!e) throw new UsageError(t(`워크스페이스 ${ws.slug}에 수신 주소 ${id}가 없습니다`, `no receiver ${id} in workspace ${ws.slug}`));
      if (sub !== 'rotate') {
        console.log(e.disabled ? t(`수신 주소 ${e.id}를 껐습니다. 이 주소로 오는 요청은 거부됩니다.`, `receiver ${e.id} switched off: its deliveries are refused.`) : t(`수신 주소 ${e.id}를 다시 켰습니다.`, `receiver ${e.id} switched on again.`));
        return 0;
      }
      console.log(t('이전 비밀값은 이제 통하지 않습니다.', 'the old secret no longer works.'));
      if (secret === undefined) console.log(t('새 서명 비밀값', 'new signing secret') + `: ${e.secret}`);
      if (e.adapter === 'channeltalk') console.log(t('채널톡에 등록할 새 주소', 'new URL for Channel Talk') + `: ${config.publicUrl}/api/v1/webhooks/${e.slug}?token=${encodeURIComponent(e.secret)}`);
      return 0;
    }
    if (sub === 'list') {
      const endpoints = await listWebhookEndpoints(db, ws.id);
      if (!endpoints.length) {
        console.log(t(`워크스페이스 ${ws.slug}에 웹훅 수신 주소가 없습니다. 만들기: sori webhooks create --adapter ${ADAPTERS.join('|')}`, `no webhook receivers in workspace ${ws.slug}. Create one: sori webhooks create --adapter ${ADAPTERS.join('|')}`));
        return 0;
      }
      for (const e of endpoints) console.log(`${e.id}\t${e.adapter}\t${e.source}\t${config.publicUrl}/api/v1/webhooks/${e.slug}${e.disabled ? `\t${t('꺼짐', 'off')}` : ''}`);
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
