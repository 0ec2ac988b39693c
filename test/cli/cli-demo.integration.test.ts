// `sori demo delete --workspace SLUG`: a restored copy of the demo (`sori restore demo.jsonl.gz --as
// shop2`) stays marked demo and is deleted by naming it; a team's own workspace is refused. The
// restore's summary says which webhook receivers it left out (their slug is taken here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, type Sandbox, type SoriResult } from './run-sori.js';

const SLOW = 180_000;
let sb: Sandbox;

beforeAll(() => {
  sb = makeSandbox('demo-copy', 'ko');
});
afterAll(() => sb?.remove());

function exits(r: SoriResult, code: number): SoriResult {
  expect(r.code, describeRun(r)).toBe(code);
  expect(r.stderr, describeRun(r)).not.toMatch(/\n\s+at |Unhandled|node:internal/);
  return r;
}

describe('sori demo delete --workspace (embedded database)', () => {
  it('deletes a restored copy of the demo by its slug, refuses a real workspace, reports skipped receivers', { timeout: SLOW }, async () => {
    exits(await sb.run(['demo', '--days', '2']), 0);
    exits(await sb.run(['webhooks', 'create', '--adapter', 'generic', '--source', 'crm', '--workspace', 'demo']), 0);
    exits(await sb.run(['backup', 'demo.jsonl.gz', '--workspace', 'demo']), 0);

    // The copy beside the original: the receiver's address is the original's, so it is left out, and said so.
    const restored = exits(await sb.run(['restore', 'demo.jsonl.gz', '--as', 'shop2']), 0);
    expect(restored.stdout).toContain('복원 완료: 워크스페이스 shop2');
    expect(restored.stdout).toContain('웹훅 수신 주소 1개는 이 설치에서 이미 쓰는 주소(슬러그)라 복원하지 않았습니다');
    expect(restored.stdout).toMatch(/- crm \(generic\): \/api\/v1\/webhooks\/\S+/);
    const restoredEn = exits(await sb.run(['restore', 'demo.jsonl.gz', '--as', 'shop3'], { SORI_LANG: 'en' }), 0);
    expect(restoredEn.stdout).toContain('1 webhook receiver(s) not restored: their address (slug) is already used in this installation');

    // A team's own workspace (default) is not a demo: left alone.
    const real = exits(await sb.run(['demo', 'delete', '--workspace', 'default']), 1);
    expect(real.stderr).toContain('"default" 워크스페이스는 데모가 아닌 실제 데이터입니다');
    const missing = exits(await sb.run(['demo', 'delete', '--workspace', 'no-such'], { SORI_LANG: 'en' }), 1);
    expect(missing.stderr).toContain('no workspace "no-such"');
    // The demo is always loaded as "demo": --workspace elsewhere is refused, not ignored.
    exits(await sb.run(['demo', '--days', '2', '--workspace', 'shop4']), 2);

    const del = exits(await sb.run(['demo', 'delete', '--workspace', 'shop2']), 0);
    expect(del.stdout).toContain('데모 워크스페이스 "shop2"를 지웠습니다');
    const list = exits(await sb.run(['workspaces', 'list']), 0).stdout;
    expect(list).not.toMatch(/\bshop2\b/);
    expect(list).toMatch(/\bshop3\b/);
    expect(list).toMatch(/\bdemo\b/); // the original demo stays
  });
});
