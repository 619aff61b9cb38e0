import { App } from "callspec";

/** JSON.parse keeps a "__proto__" key, but an object literal or `obj[key] = …` sets the prototype with it. */
export interface Settings {
  "__proto__": string;
  name: string;
}

export const app = new App();

app.put("/settings", function put_settings(settings: Settings): { ["__proto__"]: number; saved: boolean } {
  return { saved: true } as never;
});
