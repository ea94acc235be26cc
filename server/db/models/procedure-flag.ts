import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Flag } from '../../../shared/rules/procedure.js';

/**
 * One flag of a procedure and the moment it applies from (shared/rules/procedure.ts `flagSchedule`),
 * written with the procedure's `flags` in the same transaction. The township filters and counts by
 * flag through this table's indexes instead of matching text in every row.
 */
export class ProcedureFlag extends Model<InferAttributes<ProcedureFlag>, InferCreationAttributes<ProcedureFlag>> {
  declare procedureId: number;
  declare flag: Flag;
  /** The procedure's village, copied so a township's counts stay inside this table (a procedure never moves). */
  declare organisationId: number;
  declare appliesFrom: Date;

  static initModel(sequelize: Sequelize): typeof ProcedureFlag {
    ProcedureFlag.init(
      {
        procedureId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, field: 'procedure_id' },
        flag: { type: DataTypes.STRING(32), allowNull: false, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        appliesFrom: { type: DataTypes.DATE, allowNull: false, field: 'applies_from' },
      },
      { sequelize, tableName: 'procedure_flags', modelName: 'ProcedureFlag', timestamps: false },
    );
    return ProcedureFlag;
  }
}
