import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { AttemptState, Stage } from '../../../shared/rules/procedure.js';
import type { Body, Statement } from '../../../shared/rules/quorum.js';

/** One try of a stage at a meeting: its agenda item, the motion that decided it and the outcome copied from it. */
export class ProcedureStage extends Model<InferAttributes<ProcedureStage>, InferCreationAttributes<ProcedureStage>> {
  declare id: CreationOptional<number>;
  declare procedureId: number;
  declare stage: Stage;
  declare attempt: number;
  declare state: AttemptState;
  declare body: Body;
  declare meetingId: number;
  declare agendaItemId: number | null;
  declare version: number | null;
  declare motionId: number | null;
  declare decidedAt: Date | null;
  declare statement: Statement | null;
  declare quorumMet: boolean | null;
  declare quorumRequired: number | null;
  declare entitled: number | null;
  declare present: number | null;
  declare days: number | null;
  declare reason: string | null;
  declare returnedTo: Stage | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProcedureStage {
    ProcedureStage.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        procedureId: { type: DataTypes.INTEGER, allowNull: false, field: 'procedure_id' },
        stage: { type: DataTypes.STRING(16), allowNull: false },
        attempt: { type: DataTypes.INTEGER, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        body: { type: DataTypes.STRING(32), allowNull: false },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        agendaItemId: { type: DataTypes.INTEGER, allowNull: true, field: 'agenda_item_id' },
        version: { type: DataTypes.INTEGER, allowNull: true },
        motionId: { type: DataTypes.INTEGER, allowNull: true, field: 'motion_id' },
        decidedAt: { type: DataTypes.DATE, allowNull: true, field: 'decided_at' },
        statement: { type: DataTypes.JSON, allowNull: true },
        quorumMet: { type: DataTypes.BOOLEAN, allowNull: true, field: 'quorum_met' },
        quorumRequired: { type: DataTypes.INTEGER, allowNull: true, field: 'quorum_required' },
        entitled: { type: DataTypes.INTEGER, allowNull: true },
        present: { type: DataTypes.INTEGER, allowNull: true },
        days: { type: DataTypes.FLOAT, allowNull: true },
        reason: { type: DataTypes.STRING(500), allowNull: true },
        returnedTo: { type: DataTypes.STRING(16), allowNull: true, field: 'returned_to' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'procedure_stages', modelName: 'ProcedureStage' },
    );
    return ProcedureStage;
  }
}
