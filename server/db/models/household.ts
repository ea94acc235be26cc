import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A household (户) on a village's register: its number, grid and head. */
export class Household extends Model<InferAttributes<Household>, InferCreationAttributes<Household>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare gridId: number | null;
  declare number: string;
  declare address: string | null;
  declare headPersonId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Household {
    Household.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        gridId: { type: DataTypes.INTEGER, allowNull: true, field: 'grid_id' },
        number: { type: DataTypes.STRING(32), allowNull: false },
        address: { type: DataTypes.STRING(100), allowNull: true },
        headPersonId: { type: DataTypes.INTEGER, allowNull: true, field: 'head_person_id' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'households', modelName: 'Household' },
    );
    return Household;
  }
}
