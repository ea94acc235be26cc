import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ProcedureKind, ProcedureState, Step } from '../../../shared/rules/procedure.js';

/** A major village matter carried through 四议两公开 (issue 14). */
export class Procedure extends Model<InferAttributes<Procedure>, InferCreationAttributes<Procedure>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare kind: ProcedureKind;
  declare title: string;
  declare topicId: number | null;
  declare state: ProcedureState;
  declare step: Step;
  declare openedBy: number | null;
  declare resolutionId: number | null;
  declare resultRatedAt: Date | null;
  /** Days allowed to publish the result, as the settings said when it was rated; null before. */
  declare resultLimitDays: CreationOptional<number | null>;
  declare flags: string;
  declare objectionDueAt: Date | null;
  declare resultDueAt: Date | null;
  declare endReason: string | null;
  declare closedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Procedure {
    Procedure.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        title: { type: DataTypes.STRING(80), allowNull: false },
        topicId: { type: DataTypes.INTEGER, allowNull: true, field: 'topic_id' },
        state: { type: DataTypes.STRING(16), allowNull: false },
        step: { type: DataTypes.STRING(32), allowNull: false },
        openedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'opened_by' },
        resolutionId: { type: DataTypes.INTEGER, allowNull: true, field: 'resolution_id' },
        resultRatedAt: { type: DataTypes.DATE, allowNull: true, field: 'result_rated_at' },
        resultLimitDays: { type: DataTypes.INTEGER, allowNull: true, field: 'result_limit_days' },
        flags: { type: DataTypes.STRING(300), allowNull: false },
        objectionDueAt: { type: DataTypes.DATE, allowNull: true, field: 'objection_due_at' },
        resultDueAt: { type: DataTypes.DATE, allowNull: true, field: 'result_due_at' },
        endReason: { type: DataTypes.STRING(500), allowNull: true, field: 'end_reason' },
        closedAt: { type: DataTypes.DATE, allowNull: true, field: 'closed_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'procedures', modelName: 'Procedure' },
    );
    return Procedure;
  }
}
