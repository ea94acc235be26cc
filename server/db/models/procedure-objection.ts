import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A resident's objection (异议) during a display period; the phone is for staff only. */
export class ProcedureObjection extends Model<
  InferAttributes<ProcedureObjection>,
  InferCreationAttributes<ProcedureObjection>
> {
  declare id: CreationOptional<number>;
  declare procedureId: number;
  declare publicationId: number;
  /** What the resident follows the objection by (/o/<receipt>): its status and the reply. */
  declare receipt: string;
  declare idempotencyKey: string | null;
  declare text: string;
  declare name: string | null;
  declare phone: string | null;
  declare answer: string | null;
  declare answeredBy: number | null;
  declare answeredAt: Date | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProcedureObjection {
    ProcedureObjection.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        procedureId: { type: DataTypes.INTEGER, allowNull: false, field: 'procedure_id' },
        publicationId: { type: DataTypes.INTEGER, allowNull: false, field: 'publication_id' },
        receipt: { type: DataTypes.STRING(12), allowNull: false },
        idempotencyKey: { type: DataTypes.STRING(80), allowNull: true, field: 'idempotency_key' },
        text: { type: DataTypes.STRING(1000), allowNull: false },
        name: { type: DataTypes.STRING(40), allowNull: true },
        phone: { type: DataTypes.STRING(11), allowNull: true },
        answer: { type: DataTypes.STRING(1000), allowNull: true },
        answeredBy: { type: DataTypes.INTEGER, allowNull: true, field: 'answered_by' },
        answeredAt: { type: DataTypes.DATE, allowNull: true, field: 'answered_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'procedure_objections', modelName: 'ProcedureObjection', updatedAt: false },
    );
    return ProcedureObjection;
  }
}
