import type { Command } from '../main.js';
import { parseFlags, UsageError } from '../main.js';
import { HELP, t } from '../i18n.js';
import { startServer } from '../../server/serve.js';

export const serveCommand: Command = async (args, config) => {
  const { flags } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' } }, HELP.serve);
  const port = flags.port ? Number(flags.port) : config.port;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(t(`--port는 0–65535 사이의 정수여야 합니다: ${flags.port}`, `--port must be a whole number from 0 to 65535: ${flags.port}`) + `\n\n${HELP.serve}`);
  }
  const server = await startServer({ ...config, port, host: (flags.host as string) ?? config.host });
  console.error(t(`소리 Sori ${server.url} 에서 실행 중 (${config.databaseUrl ? 'PostgreSQL' : `임베디드 DB: ${config.dataDir}`})`, `Sori is running at ${server.url} (${config.databaseUrl ? 'PostgreSQL' : `embedded database: ${config.dataDir}`})`));
  const stop = async () => {
    console.error(t('종료하는 중…', 'shutting down…'));
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
};
