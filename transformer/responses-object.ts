import type { OpenAPIV3_1 } from "openapi-types";

/** An index no status code reaches: far enough that V8 files it as sparse. */
const FAR_INDEX = 2 ** 30;

/**
 * An empty `responses` object, to be keyed by status code ("200", "422").
 * V8 keeps integer-like keys as array elements, and a plain object given
 * "422" grows a backing store of some 650 slots: 5 KB for each operation's
 * responses, about 20 MB of heap on a 2000-route app. One far index, added
 * and removed, starts the object in sparse (dictionary) mode, where two
 * status codes take a few hundred bytes. Nothing else changes: keys still
 * enumerate (and JSON.stringify writes them) integers ascending.
 */
export function responsesObject(): OpenAPIV3_1.ResponsesObject {
  const responses: OpenAPIV3_1.ResponsesObject = {};
  responses[FAR_INDEX] = { description: "" };
  delete responses[FAR_INDEX];
  return responses;
}
