import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { MeetingKind, MeetingStatus, ScreenMode } from '../../../shared/rules/meeting.js';
import type { Body } from '../../../shared/rules/quorum.js';

/** A consultation session, round-table or reception day, with the live state of its hall. */
export class Meeting extends Model<InferAttributes<Meeting>, InferCreationAttributes<Meeting>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare kind: MeetingKind;
  declare title: string;
  declare venue: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare body: Body;
  /** Where the body's membership size comes from: the invitee roster or the organisation's settings. */
  declare membersFrom: 'roster' | 'organisation';
  declare status: MeetingStatus;
  declare convenerId: number | null;
  declare secretaryIds: number[];
  declare currentItemId: number | null;
  declare screenMode: ScreenMode;
  declare screenMessage: string | null;
  declare timerEndsAt: Date | null;
  declare screenTokenHash: string | null;
  declare checkinSecret: string;
  declare publishedAt: Date | null;
  /** The deliberating body whose members are entitled to attend; null for an ad-hoc roster. */
  declare bodyId: CreationOptional<number | null>;
  /** Frozen when the meeting opens: members entitled on the meeting date (quorum's denominator). */
  declare entitledCount: CreationOptional<number | null>;
  /** Villagers' assembly only: households on the register when it opened (its alternative quorum). */
  declare entitledHouseholds: CreationOptional<number | null>;
  declare rosterFrozenAt: CreationOptional<Date | null>;
  /** Bumped on every change of live state, so clients can drop stale broadcasts. */
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Meeting {
    Meeting.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        title: { type: DataTypes.STRING(80), allowNull: false },
        venue: { type: DataTypes.STRING(80), allowNull: false },
        startsAt: { type: DataTypes.DATE, allowNull: false, field: 'starts_at' },
        endsAt: { type: DataTypes.DATE, allowNull: false, field: 'ends_at' },
        body: { type: DataTypes.STRING(32), allowNull: false },
        membersFrom: { type: DataTypes.STRING(16), allowNull: false, field: 'members_from' },
        status: { type: DataTypes.STRING(16), allowNull: false },
        convenerId: { type: DataTypes.INTEGER, allowNull: true, field: 'convener_id' },
        secretaryIds: { type: DataTypes.JSON, allowNull: false, field: 'secretary_ids' },
        currentItemId: { type: DataTypes.INTEGER, allowNull: true, field: 'current_item_id' },
        screenMode: { type: DataTypes.STRING(16), allowNull: false, field: 'screen_mode' },
        screenMessage: { type: DataTypes.STRING(200), allowNull: true, field: 'screen_message' },
        timerEndsAt: { type: DataTypes.DATE, allowNull: true, field: 'timer_ends_at' },
        screenTokenHash: { type: DataTypes.STRING(64), allowNull: true, field: 'screen_token_hash' },
        checkinSecret: { type: DataTypes.STRING(64), allowNull: false, field: 'checkin_secret' },
        publishedAt: { type: DataTypes.DATE, allowNull: true, field: 'published_at' },
        bodyId: { type: DataTypes.INTEGER, allowNull: true, field: 'body_id' },
        entitledCount: { type: DataTypes.INTEGER, allowNull: true, field: 'entitled_count' },
        entitledHouseholds: { type: DataTypes.INTEGER, allowNull: true, field: 'entitled_households' },
        rosterFrozenAt: { type: DataTypes.DATE, allowNull: true, field: 'roster_frozen_at' },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'meetings', modelName: 'Meeting' },
    );
    return Meeting;
  }
}
