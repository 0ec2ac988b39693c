import { createApiToken, listApiTokens, revokeApiToken } from '../../auth/api-tokens.js';
import { cliActor } from '../../auth/audit.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, UsageError, unknownSubcommand } from '../main.js';
import { requireWorkspace, withStore } from '../with-store.js';

export const tokensCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags } = parseFlags(rest, { name: { type: 'string' }, scopes: { type: 'string' }, id: { type: 'string' } }, HELP.tokens);
  if (!sub || !['list', 'create', 'revoke'].includes(sub)) throw unknownSubcommand('tokens', sub, ['list', 'create', 'revoke'], HELP.tokens);
  return withStore(config, 'tokens', async (db) => {
    const ws = await requireWorkspace(db, flags.workspace as string | undefined);
    if (sub === 'list') {
      for (const tk of await listApiTokens(db, ws.id)) {
        console.log(`${tk.id}\t${tk.name}\t${tk.token_prefix}…\t${tk.scopes.join(',')}\t${tk.revoked_at ? 'revoked' : 'active'}\t${tk.last_used_at?.toISOString() ?? '-'}`);
      }
    } else if (sub === 'create') {
      if (!flags.name || !flags.scopes) throw new UsageError(HELP.tokens);
      const { token, secret } = await createApiToken(db, { workspaceId: ws.id, name: flags.name as string, scopes: (flags.scopes as string).split(/[,\s]+/).filter(Boolean) }, cliActor());
      console.error(t(`토큰을 만들었습니다(#${token.id}). 비밀값은 지금 한 번만 보입니다:`, `token #${token.id} created. The secret is shown only now:`));
      console.log(secret);
    } else {
      const id = Number(flags.id);
      if (!flags.id || !Number.isSafeInteger(id) || id <= 0) throw new UsageError(`${t('--id 에 폐기할 토큰 번호를 주세요 (sori tokens list)', '--id needs the number of the token to revoke (sori tokens list)')}\n\n${HELP.tokens}`);
      await revokeApiToken(db, ws.id, id, cliActor());
      console.log(t('토큰을 폐기했습니다.', 'token revoked.'));
    }
    return 0;
  });
};
