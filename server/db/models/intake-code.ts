import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A printed code (village, grid, hall, studio) that opens the resident's form at /p/<code>. */
export class IntakeCode extends Model<InferAttributes<IntakeCode>, InferCreationAttributes<IntakeCode>> {
  declare id: CreationOptional<number>;
  declare code: string;
  declare organisationId: number;
  declare label: string;
  declare disabled: CreationOptional<boolean>;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof IntakeCode {
    IntakeCode.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        code: { type: DataTypes.STRING(12), allowNull: false, unique: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        label: { type: DataTypes.STRING(40), allowNull: false },
        disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        createdBy: { type: DataTypes.INTEGER, allowNull: true, field: 'created_by' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'intake_codes', modelName: 'IntakeCode' },
    );
    return IntakeCode;
  }
}
