#!/usr/bin/env node
// Sori CLI entry: runs the TypeScript sources through tsx's loader (no separate build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// `serve` keeps running; every other command exits with its code.
if (code !== undefined && code !== null && code >= 0) process.exitCode = code;
