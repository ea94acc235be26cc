import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { MotionForm, MotionKind, MotionStatus } from '../../../shared/rules/ballot.js';
import type { Body, RuleSet } from '../../../shared/rules/quorum.js';
import type { MotionResult } from '../../../shared/schemas/vote.js';

/** A motion (表决事项) on an agenda item: its question, options, rule and life; its result once closed. */
export class Motion extends Model<InferAttributes<Motion>, InferCreationAttributes<Motion>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare agendaItemId: number | null;
  declare question: string;
  declare kind: MotionKind;
  declare form: MotionForm;
  declare options: string[];
  declare maxChoices: number;
  declare body: Body;
  declare rules: RuleSet;
  declare liveTally: boolean;
  declare status: MotionStatus;
  declare closesAt: Date | null;
  declare openedAt: Date | null;
  declare closedAt: Date | null;
  declare result: MotionResult | null;
  declare attendanceSnapshot: { entitled: number[]; present: number[] } | null;
  declare annulReason: string | null;
  declare annulledAt: Date | null;
  declare createdBy: number | null;
  declare version: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Motion {
    Motion.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        agendaItemId: { type: DataTypes.INTEGER, allowNull: true, field: 'agenda_item_id' },
        question: { type: DataTypes.STRING(200), allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        form: { type: DataTypes.STRING(16), allowNull: false },
        options: { type: DataTypes.JSON, allowNull: false },
        maxChoices: { type: DataTypes.INTEGER, allowNull: false, field: 'max_choices' },
        body: { type: DataTypes.STRING(32), allowNull: false },
        rules: { type: DataTypes.JSON, allowNull: false },
        liveTally: { type: DataTypes.BOOLEAN, allowNull: false, field: 'live_tally' },
        status: { type: DataTypes.STRING(16), allowNull: false },
        closesAt: { type: DataTypes.DATE, allowNull: true, field: 'closes_at' },
        openedAt: { type: DataTypes.DATE, allowNull: true, field: 'opened_at' },
        closedAt: { type: DataTypes.DATE, allowNull: true, field: 'closed_at' },
        result: { type: DataTypes.JSON, allowNull: true },
        attendanceSnapshot: { type: DataTypes.JSON, allowNull: true, field: 'attendance_snapshot' },
        annulReason: { type: DataTypes.STRING(200), allowNull: true, field: 'annul_reason' },
        annulledAt: { type: DataTypes.DATE, allowNull: true, field: 'annulled_at' },
        createdBy: { type: DataTypes.INTEGER, allowNull: true, field: 'created_by' },
        version: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'motions', modelName: 'Motion' },
    );
    return Motion;
  }
}
