/**
 * Notifications whose answer is an empty object in the schema. The message log keeps their content;
 * nothing else in the CSMS needs them yet.
 */
import { defineHandler } from '../handler.js';
import type { ActionHandler } from '../handler.js';

export function acknowledge(action: string): ActionHandler {
  return defineHandler<unknown>(action, () => ({}));
}
