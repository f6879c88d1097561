/**
 * Which worker of `chargedrill csms --workers N` owns a site: a stable hash of the site id, modulo N. Every
 * station of a site lands on the same worker, so that worker's desk sees the whole site (the site-outage rule
 * counts a site's silent stations), and the same site lands on the same worker after any restart with the same N.
 */
import { siteOfStation } from '../../simulator/vocabulary/site.js';

/**
 * FNV-1a over the id's UTF-16 code units, then murmur3's 32-bit finaliser: fixed by this file, never by the Node
 * version or a seed. The finaliser matters: plain FNV-1a of `S1` … `S6` left one of three workers without a site.
 */
export function siteHash(siteId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < siteId.length; i++) {
    hash ^= siteId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The 0-based worker that owns `siteId` among `workers`. */
export function workerOfSite(siteId: string, workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a whole number >= 1, got ${String(workers)}`);
  return siteHash(siteId) % workers;
}

/** The worker that owns a station: its site's (`siteOf`, by default the id's `S<site>` prefix). */
export function workerOfStation(stationId: string, workers: number, siteOf: (stationId: string) => string = siteOfStation): number {
  return workerOfSite(siteOf(stationId), workers);
}
