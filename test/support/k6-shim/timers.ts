/** k6/timers under Node: Node's own timers, remembered so that a test can clear what a script left. */
import { shimState } from './state.js';

type Callback = (...args: unknown[]) => void;

export function setTimeout(callback: Callback, delay: number, ...args: unknown[]): ReturnType<typeof globalThis.setTimeout> {
  const timers = shimState().timers;
  const timer = globalThis.setTimeout(() => {
    timers.delete(timer);
    callback(...args);
  }, delay);
  timers.add(timer);
  return timer;
}

export function setInterval(callback: Callback, delay: number, ...args: unknown[]): ReturnType<typeof globalThis.setInterval> {
  const timer = globalThis.setInterval(callback, delay, ...args);
  shimState().timers.add(timer);
  return timer;
}

export function clearTimeout(timer: ReturnType<typeof globalThis.setTimeout>): void {
  shimState().timers.delete(timer);
  globalThis.clearTimeout(timer);
}

export function clearInterval(timer: ReturnType<typeof globalThis.setInterval>): void {
  shimState().timers.delete(timer);
  globalThis.clearInterval(timer);
}
