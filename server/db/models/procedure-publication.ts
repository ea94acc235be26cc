import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { PublicationKind } from '../../../shared/rules/procedure.js';

/** A publication on the public board (决议公开 or 实施结果公开) with its display period. */
export class ProcedurePublication extends Model<
  InferAttributes<ProcedurePublication>,
  InferCreationAttributes<ProcedurePublication>
> {
  declare id: CreationOptional<number>;
  declare procedureId: number;
  declare kind: PublicationKind;
  declare text: string;
  declare days: number;
  /** The organisation's minimum display period when this was published; null for older rows. */
  declare minDays: CreationOptional<number | null>;
  declare startsAt: Date;
  declare endsAt: Date;
  declare withdrawnAt: Date | null;
  declare withdrawReason: string | null;
  declare publishedBy: number | null;
  /** The 决议 it published was annulled: it no longer counts, and the matter may be published again. */
  declare voided: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProcedurePublication {
    ProcedurePublication.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        procedureId: { type: DataTypes.INTEGER, allowNull: false, field: 'procedure_id' },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        days: { type: DataTypes.INTEGER, allowNull: false },
        minDays: { type: DataTypes.INTEGER, allowNull: true, field: 'min_days' },
        startsAt: { type: DataTypes.DATE, allowNull: false, field: 'starts_at' },
        endsAt: { type: DataTypes.DATE, allowNull: false, field: 'ends_at' },
        withdrawnAt: { type: DataTypes.DATE, allowNull: true, field: 'withdrawn_at' },
        withdrawReason: { type: DataTypes.STRING(200), allowNull: true, field: 'withdraw_reason' },
        publishedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'published_by' },
        voided: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'procedure_publications', modelName: 'ProcedurePublication', updatedAt: false },
    );
    return ProcedurePublication;
  }
}
