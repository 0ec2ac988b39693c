import { createWebhookEndpoint, listWebhookEndpoints, updateWebhookEndpoint } from '../../store/queries/webhook-endpoints.js';
import { cliActor } from '../../auth/audit.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

const ADAPTERS = ['generic', 'channeltalk', 'zendesk'] as const;

/**
 * Zendesk signs its webhooks with a secret it issues itself, so a secret Sori makes up never
 * matches: said on stderr, with the step that puts Zendesk's secret in (the URL is needed first to
 * create the webhook in Zendesk, so --secret is not required at creation).
 */
function zendeskSecretWarning(id: number | string): string {
  return t(
    `주의: Zendesk는 자기 서명 비밀값으로 서명하므로 위 비밀값으로는 요청이 통하지 않습니다. Zendesk에서 이 주소로 웹훅을 만든 뒤 그 서명 비밀값을 넣으세요: sori webhooks rotate ${id} --secret <Zendesk 서명 비밀값>`,
    `warning: Zendesk signs with a secret it issues itself, so deliveries will not verify with the secret above. Create the webhook in Zendesk with this URL, then put its signing secret in: sori webhooks rotate ${id} --secret <Zendesk's signing secret>`,
  );
}

export const webhooksCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags, positionals } = parseFlags(rest, { adapter: { type: 'string' }, source: { type: 'string' }, secret: { type: 'string' } }, HELP.webhooks);
  const SUBS = ['list', 'create', 'disable', 'enable', 'rotate'];
  if (!sub || !SUBS.includes(sub)) throw unknownSubcommand('webhooks', sub, SUBS, HELP.webhooks);
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
      if (secret === undefined && e.adapter === 'zendesk') console.error(zendeskSecretWarning(e.id));
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
    const e = await createWebhookEndpoint(db, { workspaceId: ws.id, adapter, source: flags.source as string | undefined, secret: flags.secret as string | undefined });
    console.log(t('수신 주소', 'URL') + `: ${config.publicUrl}/api/v1/webhooks/${e.slug}`);
    console.log(t('서명 비밀값', 'signing secret') + `: ${e.secret}`);
    if (adapter === 'zendesk' && flags.secret === undefined) console.error(zendeskSecretWarning(e.id));
    return 0;
  });
};
