import { loadDemoWorkspace, DEMO_SLUG, notTheDemo } from '../../ingest/demo/load-demo.js';
import { writeAudit } from '../../auth/audit.js';
import { SoriError } from '../../domain/errors.js';
import { deleteWorkspace, findWorkspaceBySlug } from '../../store/queries/workspaces.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { withStore } from '../with-store.js';

export const demoCommand: Command = async (args, config) => {
  const { sub = 'load', rest } = subcommand(args);
  const { flags } = parseFlags(rest, { days: { type: 'string' }, seed: { type: 'string' } }, HELP.demo);
  if (!['load', 'delete'].includes(sub)) throw unknownSubcommand('demo', sub, ['load', 'delete'], HELP.demo);
  for (const name of ['days', 'seed'] as const) {
    const v = flags[name];
    if (v !== undefined && !(Number.isInteger(Number(v)) && Number(v) >= (name === 'days' ? 1 : 0) && Number(v) <= (name === 'days' ? 3_650 : 2 ** 31))) {
      throw new UsageError(t(`--${name}은(는) ${name === 'days' ? '1–3650 사이의' : '0 이상의'} 정수여야 합니다: ${v}`, `--${name} must be ${name === 'days' ? 'a whole number from 1 to 3650' : 'a whole number, 0 or more'}: ${v}`));
    }
  }
  // `delete --workspace SLUG` deletes a demo-marked workspace of another slug (a restored copy of the
  // demo, `sori restore demo.jsonl.gz --as shop2`); the demo itself is always loaded as "demo".
  const named = flags.workspace as string | undefined;
  if (sub === 'load' && named !== undefined && named !== DEMO_SLUG) {
    throw new UsageError(
      t(
        `데모는 항상 "${DEMO_SLUG}" 워크스페이스에 만듭니다: --workspace는 sori demo delete에만 씁니다 (--workspace ${named})`,
        `the demo is always loaded into the workspace "${DEMO_SLUG}": --workspace is for sori demo delete only (--workspace ${named})`,
      ),
    );
  }
  return withStore(config, 'demo', async (db) => {
    if (sub === 'delete') {
      const slug = named ?? DEMO_SLUG;
      const ws = await findWorkspaceBySlug(db, slug);
      if (!ws) {
        if (slug === DEMO_SLUG) {
          console.log(t('데모 워크스페이스가 없습니다.', 'there is no demo workspace.'));
          return 0;
        }
        throw new SoriError('workspace_not_found', `no workspace "${slug}" / 워크스페이스 "${slug}"가 없습니다`, { slug });
      }
      // Only a workspace marked demo (the demo, or a restored copy of it): never a team's own data.
      if (!ws.is_demo) throw slug === DEMO_SLUG ? notTheDemo() : notADemo(slug);
      await deleteWorkspace(db, ws.id);
      await writeAudit(db, 'cli', 'workspace.delete', ws.slug, { demo: true });
      console.log(
        slug === DEMO_SLUG
          ? t('데모 워크스페이스를 지웠습니다.', 'demo workspace deleted.')
          : t(`데모 워크스페이스 "${slug}"를 지웠습니다.`, `demo workspace "${slug}" deleted.`),
      );
      return 0;
    }
    const r = await loadDemoWorkspace(db, { days: flags.days ? Number(flags.days) : undefined, seed: flags.seed ? Number(flags.seed) : undefined });
    console.log(
      t(
        `데모 워크스페이스 "${DEMO_SLUG}": 항목 ${r.items.toLocaleString('ko-KR')}건 (신규 ${r.inserted.toLocaleString('ko-KR')}), 지표 ${r.metrics.toLocaleString('ko-KR')}건, 이슈 ${r.incidents.length}개. 서버를 다시 켠 뒤(npm start) 화면 위쪽 워크스페이스 메뉴에서 "데모: 소리마켓 (가상 데이터)"를 고르세요.`,
        `demo workspace "${DEMO_SLUG}": ${r.items.toLocaleString('en')} items (${r.inserted.toLocaleString('en')} new), ${r.metrics.toLocaleString('en')} metric values, ${r.incidents.length} incidents. Start the server again (npm start) and pick "데모: 소리마켓 (가상 데이터)" in the workspace menu.`,
      ),
    );
    for (const i of r.incidents) console.log(`  - ${i.from}…${i.to} ${i.name}`);
    return 0;
  });
};

/** The error for `delete --workspace SLUG` naming a workspace that is not a demo (it holds a team's own data). */
function notADemo(slug: string): SoriError {
  return new SoriError(
    'conflict',
    `the workspace "${slug}" is not a demo (it holds your own data): sori demo delete deletes only demo workspaces / ` +
      `"${slug}" 워크스페이스는 데모가 아닌 실제 데이터입니다. sori demo delete는 데모 워크스페이스만 지웁니다`,
    { slug },
  );
}
