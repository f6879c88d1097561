/** What the build steps share: the source for positions, the fleet, and where problems go. */
import type { OcppProtocol } from '../../../simulator/protocol/versions.js';
import type { SourcePosition } from '../../../reports/result.js';
import type { FleetSpec } from './model.js';
import type { ScenarioProblem } from './problems.js';
import { resolveSelector } from './selectors.js';
import type { RawSelector } from './raw.js';
import type { StationTarget } from './model.js';
import type { YamlSource } from './yaml-source.js';

export class BuildContext {
  readonly problems: ScenarioProblem[] = [];

  constructor(
    readonly source: YamlSource,
    readonly protocol: OcppProtocol,
    readonly fleet: FleetSpec,
  ) {}

  report(path: string, message: string, allowed?: readonly string[]): void {
    this.problems.push({
      file: this.source.file,
      ...this.source.positionOf(path),
      path,
      message,
      ...(allowed && allowed.length > 0 ? { allowed: [...allowed] } : {}),
    });
  }

  at(path: string): SourcePosition {
    return { file: this.source.file, ...this.source.positionOf(path) };
  }

  /** Resolves the selector written in the object at `path`; undefined (and problems) when it does not fit the fleet. */
  target(path: string, raw: RawSelector): StationTarget | undefined {
    const resolved = resolveSelector(raw, this.fleet);
    if ('target' in resolved) return resolved.target;
    for (const problem of resolved.problems) this.report(problem.key === '' ? path : `${path}/${problem.key}`, problem.message, problem.allowed);
    return undefined;
  }

  station(path: string, id: string | undefined): void {
    if (id !== undefined && !this.fleet.stationIds.includes(id)) this.target(path.slice(0, path.lastIndexOf('/')), { station: id });
  }

  site(path: string, id: string | undefined): void {
    if (id !== undefined && !this.fleet.siteIds.includes(id)) this.target(path.slice(0, path.lastIndexOf('/')), { site: id });
  }

  connector(path: string, connectorId: number | undefined): void {
    if (connectorId !== undefined && connectorId > this.fleet.connectors) {
      this.report(path, `connector ${connectorId} does not exist: stations have ${this.fleet.connectors}`, [`1 … ${this.fleet.connectors}`]);
    }
  }
}
