import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type SoriConfig } from '../config/config.js';
import { SoriError } from '../domain/errors.js';
import { SORI_VERSION } from '../version.js';
import { HELP, t } from './i18n.js';

type Flags = Record<string, string | boolean | undefined>;

const COMMON = { workspace: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** Parses flags for one command; unknown flags are an error with the command's help. */
export function parseFlags(args: string[], options: ParseArgsConfig['options'], help: string): { flags: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    if (values.help) {
      console.log(help);
      process.exit(0);
    }
    return { flags: values as Flags, positionals };
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${help}`);
  }
}

export class UsageError extends Error {}

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
};

/** Reads one line from stdin (for a password when no flag is given). */
export async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
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
      console.error(error.message);
      return 78;
    }
    if (error instanceof SoriError && error.code === 'interrupted') {
      console.error(t('중단했습니다. 저장된 배치는 그대로 남고, 같은 명령을 다시 실행하면 이어서 맞춰집니다.', 'stopped. Stored batches stay; running the same command again converges.'));
      return typeof process.exitCode === 'number' ? process.exitCode : 130;
    }
    if (error instanceof SoriError) {
      console.error(`${t('오류', 'error')} [${error.code}]: ${error.message}`);
      return error.code === 'data_dir_locked' ? 75 : 1;
    }
    console.error((error as Error)?.stack ?? String(error));
    return 1;
  }
}

/** Writes to a file path or stdout ('-'). */
export function outputStream(target: string): NodeJS.WritableStream {
  return target === '-' ? process.stdout : createWriteStream(target);
}
