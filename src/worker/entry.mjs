// Worker-thread entry: a worker does not inherit the loader the main thread registered, so it
// registers tsx itself before loading the TypeScript task module (src/worker/tasks.ts).
import { register } from 'tsx/esm/api';

register();
await import('./tasks.ts');
