import { existsSync } from 'node:fs';
import { backupWorkspace, restoreWorkspace } from '../../store/backup.js';
import { isWorkspaceSlug } from '../../store/queries/workspaces.js';
import { DEFAULT_WORKSPACE_SLUG } from '../../store/queries/workspaces.js';
import { HELP, t } from '../i18n.js';
import { parseFlags, type Command, UsageError } from '../main.js';
import { withStore } from '../with-store.js';

export const backupCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(args, {}, HELP.backup);
  const file = positionals[0];
  if (!file) throw new UsageError(HELP.backup);
  return withStore(config, 'backup', async (db) => {
    const counts = await backupWorkspace(db, (flags.workspace as string | undefined) ?? DEFAULT_WORKSPACE_SLUG, file);
    console.log(t(`백업 완료: ${file}`, `backup written: ${file}`));
    console.log(describeCounts(counts));
    return 0;
  });
};

export const restoreCommand: Command = async (args, config) => {
  const { flags, positionals } = parseFlags(args, { as: { type: 'string' } }, HELP.restore);
  const file = positionals[0];
  const asSlug = flags.as as string | undefined;
  if (!file) throw new UsageError(HELP.restore);
  // Checked before the database is opened (restoreWorkspace checks again for its other callers).
  if (!existsSync(file)) throw new UsageError(t(`백업 파일이 없습니다: ${file}`, `backup file not found: ${file}`));
  if (asSlug !== undefined && !isWorkspaceSlug(asSlug)) {
    throw new UsageError(
      t(
        `--as "${asSlug}": 워크스페이스 슬러그는 영문 소문자, 숫자, - 로 1–63자입니다 (- 로 시작 불가). 예: --as shop-2`,
        `--as "${asSlug}": a workspace slug is lower-case letters, digits and -, 1–63 characters, not starting with -. E.g. --as shop-2`,
      ),
    );
  }
  return withStore(config, 'restore', async (db) => {
    const { workspace, counts, skippedWebhooks, unmatchedAuthors } = await restoreWorkspace(db, file, asSlug);
    console.log(t(`복원 완료: 워크스페이스 ${workspace.slug}`, `restored into workspace ${workspace.slug}`));
    console.log(describeCounts(counts));
    if (skippedWebhooks.length) {
      console.log(
        t(
          `웹훅 수신 주소 ${skippedWebhooks.length}개는 이 설치에서 이미 쓰는 주소(슬러그)라 복원하지 않았습니다 (원래 워크스페이스가 계속 받습니다). 필요하면 sori webhooks create --workspace ${workspace.slug}로 새로 만드세요:`,
          `${skippedWebhooks.length} webhook receiver(s) not restored: their address (slug) is already used in this installation (the original workspace keeps receiving). Create new ones with sori webhooks create --workspace ${workspace.slug} if needed:`,
        ),
      );
      for (const w of skippedWebhooks) console.log(`  - ${w.source} (${w.adapter}): /api/v1/webhooks/${w.slug}`);
    }
    if (unmatchedAuthors.length) {
      console.log(
        t(
          `주의: 라벨 수정·토픽 코멘트 작성자 ${unmatchedAuthors.length}명은 이 설치에 같은 이메일의 사용자가 없어 사용자와 연결하지 않았습니다 (라벨 수정 기록에는 이메일이 남습니다):`,
          `warning: ${unmatchedAuthors.length} author(s) of label corrections and topic comments have no user with that e-mail here, so they are not linked to a user (the corrections keep the e-mail):`,
        ),
      );
      for (const email of unmatchedAuthors) console.log(`  - ${email}`);
    }
    return 0;
  });
};

const TABLE_NAMES: Record<string, [string, string]> = {
  items: ['인입', 'items'],
  business_metrics: ['비즈니스 지표(일별)', 'business metrics (daily)'],
  topics: ['토픽', 'topics'],
  topic_comments: ['토픽 코멘트', 'topic comments'],
  workspace_events: ['차트 이벤트(장애·배포 등)', 'chart events (incidents, releases …)'],
  saved_views: ['저장된 보기', 'saved views'],
  item_types: ['유형', 'item types'],
  webhook_endpoints: ['웹훅 수신 주소', 'webhook receivers'],
  conversation_update_log: ['대화 업데이트(답변·상태, 7일 보관)', 'conversation updates (replies, status; kept 7 days)'],
  label_corrections: ['라벨 수정 기록', 'label corrections'],
  text_models: ['학습된 모델', 'trained models'],
};

/** "  인입 2,346" lines, one per table, in the user's language. */
function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([table, n]) => {
      const [ko, en] = TABLE_NAMES[table] ?? [table, table];
      return `  ${t(ko, en)}: ${n.toLocaleString('en-US')}`;
    })
    .join('\n');
}
