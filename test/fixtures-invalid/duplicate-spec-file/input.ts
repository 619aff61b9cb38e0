import { App } from "callspec";

export const first = new App({ title: "First" });
export const second = new App({ title: "Second" });
