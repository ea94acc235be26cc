import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One version of a procedure's proposal text; stages record which one they decided on. */
export class ProcedureVersion extends Model<
  InferAttributes<ProcedureVersion>,
  InferCreationAttributes<ProcedureVersion>
> {
  declare id: CreationOptional<number>;
  declare procedureId: number;
  declare version: number;
  declare text: string;
  declare note: string;
  declare authorId: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProcedureVersion {
    ProcedureVersion.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        procedureId: { type: DataTypes.INTEGER, allowNull: false, field: 'procedure_id' },
        version: { type: DataTypes.INTEGER, allowNull: false },
        text: { type: DataTypes.TEXT, allowNull: false },
        note: { type: DataTypes.STRING(200), allowNull: false },
        authorId: { type: DataTypes.INTEGER, allowNull: true, field: 'author_id' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'procedure_versions', modelName: 'ProcedureVersion', updatedAt: false },
    );
    return ProcedureVersion;
  }
}
