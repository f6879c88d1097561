/** The shape of a station's answer to one CSMS → station action: its generated request type in, its response type out. */
import type { CsmsAction16, CsmsAction201, Request16, Request201, Response16, Response201 } from '../../protocol/actions.js';
import type { StationControl } from '../control.js';
import type { StationDialect } from '../dialect.js';

/** The request arrives validated against the action's schema (see registerCommands16). */
export type Handler16<A extends CsmsAction16> = (req: Request16<A>, control: StationControl, dialect: StationDialect) => Response16<A>;

/** The request arrives validated against the action's schema (see registerCommands201). */
export type Handler201<A extends CsmsAction201> = (req: Request201<A>, control: StationControl, dialect: StationDialect) => Response201<A>;
