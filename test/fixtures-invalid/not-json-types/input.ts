import { App } from "callspec";

export interface Job {
  id: string;
  size: bigint;
  run: () => void;
  key: symbol;
  failure: Error;
  readonly tick: unique symbol;
}

export const app = new App();

app.post("/jobs", function create_job(job: Job): Job {
  return job;
});

app.get("/jobs/{id}", function get_job<T>(id: string, filter: T): () => string {
  return () => id;
});

app.delete("/jobs/{id}", function delete_job(id: string, reason: undefined, job: Job | undefined): void {});
