import { Worker } from 'node:worker_threads';
import { SoriError } from '../domain/errors.js';
import type { TaskInput, TaskName, TaskOutput, TaskReply, TaskRequest } from './tasks.js';

/**
 * One worker thread for the CPU-heavy text work (training a model takes seconds; run on the
 * server's thread it would stall every request meanwhile). Started on first use, requests are
 * answered in order; the thread does not keep the process alive while it has nothing to do. A
 * thread that dies fails the requests it held and is started again by the next one.
 */
export class TaskWorker {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  private nextId = 1;

  run<K extends TaskName>(task: K, input: TaskInput<K>, transfer: ArrayBuffer[] = []): Promise<TaskOutput<K>> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<TaskOutput<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, task, input } satisfies TaskRequest, transfer);
    });
  }

  /** Stops the thread; requests still pending are failed. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./entry.mjs', import.meta.url));
    worker.on('message', (reply: TaskReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (!this.pending.size) worker.unref();
      if ('error' in reply) {
        const error = reply.error.code ? new SoriError(reply.error.code, reply.error.message) : new Error(reply.error.message);
        if (reply.error.stack) error.stack = reply.error.stack;
        waiting.reject(error);
      } else {
        waiting.resolve(reply.value);
      }
    });
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = null;
      const pending = [...this.pending.values()];
      this.pending.clear();
      for (const p of pending) p.reject(error);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`worker thread stopped (exit code ${code}) / 작업 스레드가 멈췄습니다`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

let shared: TaskWorker | null = null;
let training: TaskWorker | null = null;

/** The process's task worker: labelling ingest batches. */
export function taskWorker(): TaskWorker {
  shared ??= new TaskWorker();
  return shared;
}

/**
 * The thread that trains models. Not the labelling one: a training takes seconds to tens of seconds,
 * and an API call of 256+ items waits for its labels inside its write turn — behind a training, one
 * item's POST took 21.7 s instead of 18 ms (audit s18). It holds no labelling models.
 */
export function trainingWorker(): TaskWorker {
  training ??= new TaskWorker();
  return training;
}
