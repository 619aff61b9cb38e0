import { App } from "callspec";

export interface Job {
  id: string;
  size: bigint;
  run: () => void;
  key: symbol;
}

export const app = new App();

app.post("/jobs", function create_job(job: Job): Job {
  return job;
});

app.get("/jobs/{id}", function get_job<T>(id: string, filter: T): () => string {
  return () => id;
});
