import { describe, expect, it } from 'vitest';
import { hashesRunning, hashPassword, KDF_PARAMS, needsRehash, passwordProblem, verifyPassword } from './password.js';

describe('password hashing and policy', () => {
  it('stores scrypt with its parameters, checks NFC and NFD alike, and refuses a malformed stored value', async () => {
    const stored = await hashPassword('한글 비밀번호 문장입니다');
    expect(stored).toMatch(new RegExp(`^scrypt\\$${KDF_PARAMS.N}\\$${KDF_PARAMS.r}\\$${KDF_PARAMS.p}\\$[\\w-]{22}\\$[\\w-]{43}$`));
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword('한글 비밀번호 문장입니다'.normalize('NFD'), stored)).toBe(true);
    expect(await verifyPassword('한글 비밀번호 문장입니닫', stored)).toBe(false);
    for (const bad of ['', 'bcrypt$x', 'scrypt$1000$8$1$AAAA$BBBB', 'scrypt$1048576$8$1$AAAA$BBBB', 'scrypt$32768$8$1$AAAA$BBBB$extra', 'scrypt$32768$0$1$AAAA$BBBB']) {
      expect(await verifyPassword('anything-at-all', bad), bad).toBe(false);
      expect(needsRehash(bad), bad).toBe(true);
    }
  });

  it('runs at most two hashes at once, however many logins arrive together', async () => {
    let most = 0;
    let done = false;
    const watch = (async () => {
      while (!done) {
        most = Math.max(most, hashesRunning());
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const stored = await hashPassword('동시-로그인-비밀번호');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(i % 2 ? '동시-로그인-비밀번호' : 'wrong-password', stored)));
    done = true;
    await watch;
    expect(results).toEqual([false, true, false, true, false, true, false, true]);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    expect(hashesRunning()).toBe(0);
  });

  it.each([
    ['비밀번호-테스트-1234', null],
    ['correct horse battery staple', null],
    ['가나다라마'.normalize('NFD'), /10/],
    ['aaaaaaaaaaaa', /simple|단순/],
    ['1234567890', /common|흔하/],
    ['0987654321', /common|흔하/],
    ['password123!', /common|흔하/],
    ['!Qwerty2024', /common|흔하/],
    ['비밀번호123456', /common|흔하/],
    ['ㅁㄴㅇㄹㅎㅗㅓㅏㅣ123', /common|흔하/],
    ['123123123123', /simple|단순|common|흔하/],
    ['가'.repeat(257), /256/],
  ])('policy: %s', (password, problem) => {
    const answer = passwordProblem(password);
    if (problem === null) expect(answer).toBeNull();
    else expect(answer).toMatch(problem);
  });

  it('refuses a password holding the account e-mail or its name part', () => {
    expect(passwordProblem('kim.minsu-2026!!', { email: 'kim.minsu@sori.test' })).toMatch(/e-mail|이메일/);
    // The name part alone is named as such (the address itself is not in it).
    expect(passwordProblem('Cx-lead-walk-2026', { email: 'lead@sori.test' })).toBe("password must not contain the e-mail's name part (lead) / 비밀번호에 이메일 아이디(lead)를 넣을 수 없습니다");
    expect(passwordProblem('xx-lead@sori.test-2026', { email: 'lead@sori.test' })).toBe('password must not contain the e-mail address / 비밀번호에 이메일 주소를 넣을 수 없습니다');
    expect(passwordProblem('kim.minsu-2026!!', { email: 'lee@sori.test' })).toBeNull();
  });
});
