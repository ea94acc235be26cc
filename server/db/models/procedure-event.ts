import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Stage } from '../../../shared/rules/procedure.js';

/** A step in a procedure's history (opened, scheduled, passed, returned, published…). */
export class ProcedureEvent extends Model<InferAttributes<ProcedureEvent>, InferCreationAttributes<ProcedureEvent>> {
  declare id: CreationOptional<number>;
  declare procedureId: number;
  declare kind: string;
  declare stage: Stage | null;
  declare detail: string | null;
  declare actorId: number | null;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof ProcedureEvent {
    ProcedureEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        procedureId: { type: DataTypes.INTEGER, allowNull: false, field: 'procedure_id' },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        stage: { type: DataTypes.STRING(16), allowNull: true },
        detail: { type: DataTypes.STRING(500), allowNull: true },
        actorId: { type: DataTypes.INTEGER, allowNull: true, field: 'actor_id' },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'procedure_events', modelName: 'ProcedureEvent', timestamps: false },
    );
    return ProcedureEvent;
  }
}
