import { deleteDemoWorkspace, loadDemoWorkspace, DEMO_SLUG } from '../../ingest/demo/load-demo.js';
import type { DemoDeleted, DemoLoaded } from '../../server/routes/demo.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, subcommand, type Command, unknownSubcommand, UsageError } from '../main.js';
import { withStoreOrServer } from '../running-server.js';

/**
 * `sori demo [load]` / `sori demo delete [--workspace SLUG]`: the demo workspace, on the store or —
 * while `sori serve` holds the embedded folder — through that server (SORI_TOKEN with the admin scope).
 */
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
  const days = flags.days ? Number(flags.days) : undefined;
  const seed = flags.seed ? Number(flags.seed) : undefined;
  /** What a deletion did, said the same way on the store and through the server. */
  const deleted = (slug: string, done: boolean): number => {
    if (!done) console.log(t('데모 워크스페이스가 없습니다.', 'there is no demo workspace.'));
    else console.log(slug === DEMO_SLUG ? t('데모 워크스페이스를 지웠습니다.', 'demo workspace deleted.') : t(`데모 워크스페이스 "${slug}"를 지웠습니다.`, `demo workspace "${slug}" deleted.`));
    return 0;
  };
  /** The load's figures and where to look next: after a restart, or — loaded by the running server — in the menu at once. */
  const loaded = (r: DemoLoaded, throughServer: boolean): number => {
    const next = throughServer
      ? t(
          '화면 위쪽 워크스페이스 메뉴에서 "데모: 소리마켓 (가상 데이터)"를 고르세요 (열려 있는 페이지는 새로 고침하세요).',
          'Pick "데모: 소리마켓 (가상 데이터)" in the workspace menu (reload a page that is open).',
        )
      : t(
          '서버를 다시 켠 뒤(npm start) 화면 위쪽 워크스페이스 메뉴에서 "데모: 소리마켓 (가상 데이터)"를 고르세요.',
          'Start the server again (npm start) and pick "데모: 소리마켓 (가상 데이터)" in the workspace menu.',
        );
    console.log(
      t(
        `데모 워크스페이스 "${DEMO_SLUG}": 항목 ${r.items.toLocaleString('ko-KR')}건 (신규 ${r.inserted.toLocaleString('ko-KR')}), 지표 ${r.metrics.toLocaleString('ko-KR')}건, 이슈 ${r.incidents.length}개. ${next}`,
        `demo workspace "${DEMO_SLUG}": ${r.items.toLocaleString('en')} items (${r.inserted.toLocaleString('en')} new), ${r.metrics.toLocaleString('en')} metric values, ${r.incidents.length} incidents. ${next}`,
      ),
    );
    for (const i of r.incidents) console.log(`  - ${i.from}…${i.to} ${i.name}`);
    return 0;
  };
  // While `sori serve` holds the embedded folder, through its API (POST /demo, /demo/delete) with an
  // admin-scope SORI_TOKEN: the same loading and the same checks, run by the server.
  return withStoreOrServer(
    config,
    'demo',
    { scope: 'admin' },
    async (db) => {
      if (sub === 'delete') {
        const slug = named ?? DEMO_SLUG;
        // Only a workspace marked demo (the demo, or a restored copy of it): never a team's own data.
        return deleted(slug, (await deleteDemoWorkspace(db, slug, 'cli')) !== null);
      }
      return loaded(await loadDemoWorkspace(db, { days, seed }), false);
    },
    async (api) => {
      if (sub === 'delete') {
        const r = await api<DemoDeleted>('POST', '/demo/delete', named === undefined ? {} : { workspace: named });
        return deleted(r.workspace, r.deleted);
      }
      return loaded(await api<DemoLoaded>('POST', '/demo', { days, seed }), true);
    },
  );
};
