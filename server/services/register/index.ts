import type { Clock } from '../../clock.js';
import type { Database } from '../../db/index.js';
import type { OrgTree } from '../org-tree.js';
import { HouseholdService } from './households.js';
import { RegisterImport } from './import.js';
import { PeopleService } from './people.js';
import { RegisterAccess } from './register-access.js';

/** The village register (issue 13): people, households, import and the rule of who may see and edit. */
export interface Register {
  access: RegisterAccess;
  people: PeopleService;
  households: HouseholdService;
  imports: RegisterImport;
}

export function createRegister(db: Database, clock: Clock, tree: OrgTree): Register {
  const access = new RegisterAccess(db, tree);
  return {
    access,
    people: new PeopleService(db, clock, access),
    households: new HouseholdService(db, clock, access),
    imports: new RegisterImport(db, clock, access),
  };
}
