import { t } from './i18n.js';
import { ask } from './main.js';

/**
 * Whether to go on with a deletion the command has just described: yes with --yes; else asked on a
 * terminal (예/yes); without a terminal (a script, a pipe) refused with a message saying to add --yes.
 */
export async function confirmDeletion(yes: boolean, question: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY) {
    console.error(
      t(
        '확인 없이 지우지 않습니다: 위 내용을 확인했으면 --yes를 붙여 다시 실행하세요. 아무것도 지우지 않았습니다.',
        'not deleting without a confirmation: if the above is right, run this again with --yes. Nothing was deleted.',
      ),
    );
    return false;
  }
  const answer = (await ask(`${question} ${t('(예/아니요)', '(yes/no)')} `)).toLowerCase();
  if (['예', '네', 'y', 'yes'].includes(answer)) return true;
  console.error(t('취소했습니다. 아무것도 지우지 않았습니다.', 'cancelled. Nothing was deleted.'));
  return false;
}
