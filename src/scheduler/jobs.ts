// The one list of scheduled jobs. Each runs at most once at a time per process; jobs that must run once
// across replicas make that safe themselves (conditional updates, SKIP LOCKED, unique claims).
import { createTask, type ScheduledTask } from "node-cron";
import type { Logger } from "../logger.ts";

/** What a run is told: the minute it was scheduled for (the digest takes its local day from it). */
export interface JobContext {
  scheduledAt: Date;
}

export interface Job {
  name: string;
  /** node-cron expression; a 6th leading field is seconds. */
  cron: string;
  timeZone?: string;
  run(context: JobContext): Promise<unknown>;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  readonly jobs: readonly Job[];
}

export function createScheduler(jobs: readonly Job[], logger: Logger): Scheduler {
  const tasks: ScheduledTask[] = [];
  return {
    jobs,
    start() {
      for (const job of jobs) {
        // createTask starts stopped (schedule() would start at once, before we are ready).
        const task = createTask(
          job.cron,
          async (context) => {
            try {
              await job.run({ scheduledAt: context.date });
            } catch (error) {
              logger.error({ err: error, job: job.name }, "scheduler.job.failed");
            }
          },
          { name: job.name, timezone: job.timeZone, noOverlap: true },
        );
        tasks.push(task);
        void task.start();
      }
      logger.info({ jobs: jobs.map((j) => `${j.name} (${j.cron}${j.timeZone ? ` ${j.timeZone}` : ""})`) }, "scheduler.start");
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all(tasks.map((t) => t.destroy()));
      tasks.length = 0;
    },
  };
}
