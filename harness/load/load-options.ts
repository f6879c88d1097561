/** What `runLoad` takes (engine.ts): the fleet, its stages and mix, the target, gates and options of the run. */
import type { FleetOptions } from '../../simulator/fleet/fleet.js';
import type { ProtocolChoice } from '../../simulator/fleet/plan.js';
import type { BehaviourChoice } from '../../simulator/station/behaviour.js';
import type { StationConfig } from '../../simulator/station/types.js';
import type { FleetControlOptions } from '../control/fleet-control.js';
import type { FleetSecurityOptions } from '../security/fleet-security.js';
import type { LimitInputs } from './limits.js';
import type { UrlStrategy } from './routes.js';
import type { InjectedFault, LiveProgress, LoadParameters, ScheduledFault, StageSpec, TimeSeriesPoint } from './result.js';
import type { LoadMetrics } from './prometheus.js';
import type { CsmsCrashSpec } from './csms-crash.js';
import type { ShardSpec } from './shard.js';
import type { ThresholdSpec } from './thresholds.js';

export interface LoadOptions {
  /** The CSMS's OCPP base URL; without it the bundled CSMS is started (`csms`). */
  url?: string;
  /** Several CSMS base URLs instead of `url`, each station going to one of them by `urlStrategy`. */
  urls?: string[];
  /** How stations are dealt to `urls`: round-robin by index (default), or by-site (a site's stations share one). */
  urlStrategy?: UrlStrategy;
  /** Local addresses the stations connect from, round-robin by index (docs/load.md "Limits and many source addresses"). */
  sourceAddresses?: string[];
  /** Processes the whole fleet is spread over (each its own file budget), for the limit checks; default 1. */
  processes?: number;
  /** The machine's limits as limits.ts reads them; default the real ones (limits-probe.ts). For tests. */
  limits?: LimitInputs;
  /** Where the bundled CSMS runs when no `url` is given; default its own process. */
  csms?: 'child-process' | 'in-process';
  /** The bundled CSMS with its desk (detector, playbook); default true. */
  desk?: boolean;
  /** Stations planned; default the largest stage target. */
  stations?: number;
  /** Run only this shard's stations and its part of every stage (shard.ts); the result says which. */
  shard?: ShardSpec;
  /** Plan index of the first station, and a prefix of every id (simulator/fleet/plan.ts): fleets that never meet. */
  firstStation?: number;
  idPrefix?: string;
  /** HTTP API of a bundled CSMS with its desk started elsewhere (a `--processes` parent): detection watches it. */
  csmsApi?: string;
  sites: number;
  protocol: ProtocolChoice;
  connectors?: number;
  seed: number;
  timeScale: number;
  stages: StageSpec[];
  faults?: ScheduledFault[];
  /** Real ms a station may take from its start to an Accepted boot. */
  bootTimeoutMs: number;
  behaviours?: BehaviourChoice[];
  stopGraceMs?: number;
  /** WebSocket handshakes in flight at most while a ramp starts stations (Fleet's `maxConnecting`). */
  maxConnecting?: number;
  /** Disconnects by the CSMS or the network tolerated before the run counts as failed; default 0. */
  maxDisconnects?: number;
  /** Station transport settings (call timeout, backoff); for tests and special runs. */
  transport?: StationConfig['transport'];
  /** Security profile 1-3 of every station, and of the bundled CSMS when it is started (docs/security.md). */
  security?: FleetSecurityOptions;
  /** Network chaos (simulator/transport/chaos.ts): on every station, or chosen per station (a profile's rules). */
  chaos?: FleetOptions['chaos'];
  /** Prometheus exporter (createLoadMetrics) fed by every station of the run; the caller closes it. */
  metrics?: LoadMetrics;
  /** Serve the live control API (docs/control-api.md) while the fleet runs. */
  control?: FleetControlOptions;
  /** Evaluated on the final result (`result.thresholds`); the abortOnFail ones about once a second, stopping the run. */
  thresholds?: ThresholdSpec[];
  /**
   * Watch the bundled CSMS's raised issues and measure each injected fault's detection latency (`result.detection`);
   * default on when the run starts the bundled CSMS with its desk and has faults.
   */
  detection?: boolean;
  /** Real ms the end of the run waits for issues of faults not yet detected; default 5,000. */
  detectionGraceMs?: number;
  /** Called with a line worth showing (the detection stream broke). */
  onLog?: (line: string) => void;
  /** For the result's parameters. */
  profile?: string;
  profileFile?: string;
  argv?: string[];
  /** Called once the CSMS is known (the bundled one listening), before the first station starts. */
  onStart?: (info: { url: string; csms: LoadParameters['csms'] }) => void;
  onProgress?: (progress: LiveProgress) => void;
  onSample?: (point: TimeSeriesPoint) => void;
  onFaultInjected?: (fault: InjectedFault) => void;
  /**
   * Called when the stages are over (or the run was cut), before the fleet stops: its stations and sessions
   * are still online, so a CSMS read now sees the run and not the fleet leaving. The run waits for it.
   */
  beforeStop?: () => void | Promise<void>;
  signal?: AbortSignal;
  /** Real ms between samples and progress reports; default 1,000. */
  sampleIntervalMs?: number;
  /** Kill -9 the bundled CSMS (its own process) at a time and restart it on the same database (csms-crash.ts). */
  csmsRestart?: CsmsCrashSpec;
  /** The bundled CSMS's SQLite file (must not exist yet when the delivery is checked); default a temporary one when needed. */
  csmsDb?: string;
  /** Check the stations' transaction messages against the CSMS's store after the run (delivery-check.ts); default on with `csmsRestart`. */
  deliveryCheck?: boolean;
}
