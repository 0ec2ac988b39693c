import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import { FILE_ERRORS } from '../domain/file-errors.js';
import { SORI_VERSION } from '../version.js';
import { HELP, localize, t } from './i18n.js';

type Flags = Record<string, string | boolean | undefined>;

/** Flags every command takes. */
export const COMMON_FLAGS = { workspace: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** Parses flags for one command; unknown flags are an error with the command's help. */
export function parseFlags(args: string[], options: ParseArgsConfig['options'], help: string): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON_FLAGS, ...options }, allowPositionals: true, strict: true });
    if (values.help) {
      console.log(help);
      process.exit(0);
    }
    return { flags: values as Flags, positionals };
  } catch (error) {
    // Node's own words name the flag; say in both languages what kind of problem it is.
    throw new UsageError(`${t('옵션 오류 / bad option', 'bad option / 옵션 오류')}: ${(error as Error).message}\n\n${help}`);
  }
}

/**
 * A command's subcommand and the arguments after it; a first argument that is a flag is no
 * subcommand (`sori users --help` shows the help, exit 0, instead of "unknown subcommand").
 */
export function subcommand(args: string[]): { sub: string | undefined; rest: string[] } {
  return args[0] !== undefined && !args[0].startsWith('-') ? { sub: args[0], rest: args.slice(1) } : { sub: undefined, rest: args };
}

export class UsageError extends Error {}

/**
 * A command's subcommand that is not one of `known` (or none given): a usage error saying which,
 * then the command's help (before: the help alone, with no word about `sori users frob`).
 */
export function unknownSubcommand(command: string, sub: string | undefined, known: readonly string[], help: string): UsageError {
  const line = sub === undefined
    ? t(`sori ${command}: 하위 명령을 주세요 (${known.join(', ')})`, `sori ${command}: name a subcommand (${known.join(', ')})`)
    : t(`sori ${command}: 알 수 없는 하위 명령: ${sub} (${known.join(', ')} 중 하나)`, `sori ${command}: unknown subcommand: ${sub} (one of ${known.join(', ')})`);
  return new UsageError(`${line}\n\n${help}`);
}

/** The value of a required string flag, or a usage error naming it. */
export function requireFlag(flags: Flags, name: string, help: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || !value) throw new UsageError(`--${name} ${t('이(가) 필요합니다', 'is required')}\n\n${help}`);
  return value;
}

export type Command = (args: string[], config: SoriConfig) => Promise<number | void>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  import: async () => (await import('./commands/import.js')).importCommand,
  export: async () => (await import('./commands/export.js')).exportCommand,
  backup: async () => (await import('./commands/backup.js')).backupCommand,
  restore: async () => (await import('./commands/backup.js')).restoreCommand,
  users: async () => (await import('./commands/users.js')).usersCommand,
  tokens: async () => (await import('./commands/tokens.js')).tokensCommand,
  webhooks: async () => (await import('./commands/webhooks.js')).webhooksCommand,
  workspaces: async () => (await import('./commands/workspaces.js')).workspacesCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  train: async () => (await import('./commands/text.js')).trainCommand,
  classify: async () => (await import('./commands/text.js')).classifyCommand,
  eval: async () => (await import('./commands/text.js')).evalCommand,
  sentiment: async () => (await import('./commands/text.js')).sentimentCommand,
  dedupe: async () => (await import('./commands/dedupe.js')).dedupeCommand,
  customers: async () => (await import('./commands/customers.js')).customersCommand,
};

/** Reads one line from stdin (for a password when no flag is given); `secret` does not echo it. */
export async function ask(question: string, opts: { secret?: boolean } = {}): Promise<string> {
  const output = opts.secret
    ? new Writable({
        // The prompt is shown; what is typed is not.
        write(chunk: Buffer, _enc, done) {
          if (!muted) process.stderr.write(chunk);
          done();
        },
      })
    : process.stderr;
  let muted = false;
  const rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
  try {
    const answer = rl.question(question);
    muted = Boolean(opts.secret);
    const line = (await answer).trim();
    if (opts.secret) process.stderr.write('\n');
    return line;
  } finally {
    rl.close();
  }
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  // `sori … | head`: when the reader of stdout goes away, stop quietly, like other command-line tools
  // (what was stored stays stored; the rest of the output had no reader).
  process.stdout.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    console.log(HELP.main);
    return name ? 0 : 1;
  }
  if (name === '--version' || name === '-v') {
    console.log(SORI_VERSION);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(t(`알 수 없는 명령: ${name}`, `unknown command: ${name}`) + '\n\n' + HELP.main);
    return 2;
  }
  try {
    const config = loadConfig();
    const command = await load();
    return (await command(rest, config)) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`${t('설정 오류', 'Invalid configuration')}:\n${error.problems.map((p) => `  - ${localize(p)}`).join('\n')}`);
      return 78;
    }
    if (error instanceof SoriError && error.code === 'interrupted') {
      console.error(t('중단했습니다. 저장된 배치는 그대로 남고, 같은 명령을 다시 실행하면 이어서 맞춰집니다.', 'stopped. Stored batches stay; running the same command again converges.'));
      return typeof process.exitCode === 'number' ? process.exitCode : 130;
    }
    if (error instanceof SoriError && error.code === 'import_cancelled') {
      // Stopped from the import page or the API while it ran.
      console.error(`${localize(error.message)}. ${t('저장된 배치는 그대로 남고, 같은 파일을 다시 가져오면 나머지가 이어서 들어갑니다.', 'Stored batches stay; importing the same file again adds the rest.')}`);
      return 1;
    }
    if (error instanceof SoriError) {
      console.error(`${t('오류', 'error')} [${error.code}]: ${localize(error.message)}`);
      return error.code === 'data_dir_locked' ? 75 : 1;
    }
    const known = systemError(error);
    if (known) {
      console.error(`${t('오류', 'error')}: ${known}`);
      if (process.env.SORI_DEBUG) console.error((error as Error)?.stack);
      return 1;
    }
    console.error((error as Error)?.stack ?? String(error));
    return 1;
  }
}

/**
 * The usual operational failures (database unreachable, port taken, folder not writable) in one
 * line each, English and Korean, instead of a stack trace (SORI_DEBUG=1 prints the stack too).
 */
export function systemError(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number; errors?: unknown[] };
  if (!e || typeof e !== 'object') return null;
  // A connection that failed on every address (IPv4 and IPv6) comes as an AggregateError.
  const code = e.code ?? (e.errors?.[0] as NodeJS.ErrnoException | undefined)?.code;
  const where = e.address ? `${e.address}${e.port ? `:${e.port}` : ''}` : e.path ?? '';
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `cannot reach the database${where ? ` at ${where}` : ''} (${code}): check DATABASE_URL and that PostgreSQL is running / ` +
        `데이터베이스에 연결할 수 없습니다${where ? ` (${where})` : ''}: DATABASE_URL과 PostgreSQL 실행 여부를 확인하세요`;
    case '3D000':
      return `${e.message}: create it (createdb) or fix DATABASE_URL / 데이터베이스가 없습니다: 만들거나(createdb) DATABASE_URL을 고치세요`;
    case '28P01':
    case '28000':
      return `${e.message}: check the user and password in DATABASE_URL / DATABASE_URL의 사용자와 비밀번호를 확인하세요`;
    case 'EADDRINUSE':
      return `the port${where ? ` ${where}` : ''} is already in use: stop the other server or set PORT / 포트${where ? ` ${where}` : ''}를 이미 다른 프로그램이 쓰고 있습니다: 그 서버를 멈추거나 PORT를 바꾸세요`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where || 'that address'}: check HOST / ${where || '그 주소'}에서 들을 수 없습니다: HOST를 확인하세요`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
    case 'ENOSPC': {
      const [en, ko] = FILE_ERRORS[code];
      return `${en}${where ? `: ${where}` : ''} / ${ko}${where ? `: ${where}` : ''}`;
    }
  }
  if (/PGlite failed to initialize/.test(e.message ?? '')) {
    return `the embedded database could not be opened: check that SORI_DATA_DIR is writable by this user and holds a Sori data folder / ` +
      `임베디드 데이터베이스를 열 수 없습니다: SORI_DATA_DIR 폴더에 이 사용자가 쓸 수 있는지, Sori 데이터 폴더가 맞는지 확인하세요`;
  }
  return null;
}

/** Writes to a file path or stdout ('-'). */
export function outputStream(target: string): NodeJS.WritableStream {
  return target === '-' ? process.stdout : createWriteStream(target);
}
