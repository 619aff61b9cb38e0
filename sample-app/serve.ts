// What main.ts and receiver.ts share: serve on 127.0.0.1 until SIGINT/SIGTERM, or say why not and exit 1.
import type { App } from "callspec";

export function serveUntilStopped(app: App, port: number, announce: (url: string) => string): void {
  app.listen(port, "127.0.0.1").then(
    ({ url }) => {
      console.log(announce(url));
      const stop = () => void app.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
