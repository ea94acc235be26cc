import type { QueryInterface } from 'sequelize';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-intake.js';
import * as m0003 from './0003-meetings.js';
import * as m0004 from './0004-reception.js';
import * as m0005 from './0005-voting.js';
import * as m0055 from './0055-ballot-mixing.js';
import * as m0030 from './0030-minutes.js';
import * as m0040 from './0040-resolutions.js';
import * as m0050 from './0050-stats.js';
import * as m0060 from './0060-register.js';
import * as m0062 from './0062-representatives-demand.js';
import * as m0070 from './0070-procedures.js';
import * as m0061 from './0061-follow-up.js';
import * as m0071 from './0071-procedure-objections.js';
import * as m0072 from './0072-procedure-flags.js';
import * as m0080 from './0080-county-indexes.js';
import * as m0081 from './0081-rules-of-the-day.js';

type Step = (params: { context: QueryInterface }) => Promise<void>;

/**
 * Every migration in order. Listed by hand rather than globbed so the list is type-checked
 * and works the same under tsx, a bundler or a compiled build.
 */
export const MIGRATIONS: { name: string; up: Step; down: Step }[] = [
  { name: '0001-foundation', ...m0001 },
  { name: '0002-intake', ...m0002 },
  { name: '0003-meetings', ...m0003 },
  { name: '0004-reception', ...m0004 },
  { name: '0005-voting', ...m0005 },
  { name: '0030-minutes', ...m0030 },
  { name: '0040-resolutions', ...m0040 },
  { name: '0050-stats', ...m0050 },
  { name: '0055-ballot-mixing', ...m0055 },
  { name: '0060-register', ...m0060 },
  { name: '0070-procedures', ...m0070 },
  { name: '0061-follow-up', ...m0061 },
  { name: '0062-representatives-demand', ...m0062 },
  { name: '0071-procedure-objections', ...m0071 },
  { name: '0072-procedure-flags', ...m0072 },
  { name: '0080-county-indexes', ...m0080 },
  { name: '0081-rules-of-the-day', ...m0081 },
];
