import { ROLES, type Role } from '../../auth/tokens.js';
import { createUser, listUsers, setPassword, updateUser } from '../../auth/users.js';
import { cliActor } from '../../auth/audit.js';
import { HELP, t } from '../i18n.js';
import { ask, parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { withStore } from '../with-store.js';

export const usersCommand: Command = async (args, config) => {
  const { sub, rest } = subcommand(args);
  const { flags } = parseFlags(rest, { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } }, HELP.users);
  const email = flags.email as string | undefined;
  const role = flags.role as Role | undefined;
  if (role && !ROLES.includes(role)) throw new UsageError(t(`--role 은(는) ${ROLES.join('|')} 중 하나입니다: ${role}`, `--role must be one of ${ROLES.join('|')}: ${role}`));
  const needEmail = () => {
    if (!email) throw new UsageError(`${t('--email 이(가) 필요합니다', '--email is required')}\n\n${HELP.users}`);
    return email;
  };
  // --password, else SORI_NEW_PASSWORD (kept out of the shell history), else asked on the terminal
  // without echo; with neither and no terminal, a clear error instead of a silent wait.
  const password = async () => {
    const given = (flags.password as string | undefined) ?? (process.env.SORI_NEW_PASSWORD || undefined);
    if (given !== undefined) return given;
    if (!process.stdin.isTTY) {
      throw new UsageError(t('비밀번호가 필요합니다: --password 또는 SORI_NEW_PASSWORD 환경 변수로 주세요 (터미널이 아니라 물어볼 수 없습니다)', 'a password is needed: give --password or SORI_NEW_PASSWORD (no terminal to ask on)'));
    }
    return ask(t('새 비밀번호(10자 이상): ', 'new password (10+ characters): '), { secret: true });
  };
  switch (sub) {
    case 'list':
      return withStore(config, 'users', async (db) => {
        for (const u of await listUsers(db)) console.log(`${u.id}\t${u.email}\t${u.role}${u.disabled ? '\t(disabled)' : ''}\t${u.name}`);
        return 0;
      });
    case 'create': {
      const e = needEmail();
      if (!role) throw new UsageError(`${t('--role 이(가) 필요합니다', '--role is required')} (${ROLES.join('|')})\n\n${HELP.users}`);
      const pw = await password();
      return withStore(config, 'users', async (db) => {
        const u = await createUser(db, { email: e, role, name: flags.name as string | undefined, password: pw }, cliActor());
        console.log(t(`사용자를 만들었습니다: ${u.email} (${u.role})`, `created ${u.email} (${u.role})`));
        return 0;
      });
    }
    case 'set-role':
    case 'disable':
    case 'enable': {
      const e = needEmail();
      if (sub === 'set-role' && !role) throw new UsageError(`${t('--role 이(가) 필요합니다', '--role is required')} (${ROLES.join('|')})\n\n${HELP.users}`);
      return withStore(config, 'users', async (db) => {
        const change = sub === 'set-role' ? { role } : { disabled: sub === 'disable' };
        const u = await updateUser(db, e, change, cliActor());
        console.log(`${u.email}\t${u.role}${u.disabled ? '\t(disabled)' : ''}`);
        return 0;
      });
    }
    case 'passwd': {
      const e = needEmail();
      const pw = await password();
      return withStore(config, 'users', async (db) => {
        await setPassword(db, e, pw, cliActor());
        console.log(t('비밀번호를 바꿨습니다.', 'password changed.'));
        return 0;
      });
    }
    default:
      throw unknownSubcommand('users', sub, ['list', 'create', 'set-role', 'disable', 'enable', 'passwd'], HELP.users);
  }
};
