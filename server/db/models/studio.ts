import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ReceptionSchedule } from '../../../shared/rules/reception.js';

/** A representatives' studio (工作室) with its monthly reception day and rotating duty roster. */
export class Studio extends Model<InferAttributes<Studio>, InferCreationAttributes<Studio>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare code: string;
  declare name: string;
  declare location: string;
  declare schedule: ReceptionSchedule;
  /** Representatives' user ids in rotation order. */
  declare roster: number[];
  /** The month (YYYY-MM) the first of the roster is on duty; rotation counts from it. */
  declare rosterAnchor: string;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Studio {
    Studio.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        code: { type: DataTypes.STRING(12), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(60), allowNull: false },
        location: { type: DataTypes.STRING(100), allowNull: false },
        schedule: { type: DataTypes.JSON, allowNull: false },
        roster: { type: DataTypes.JSON, allowNull: false },
        rosterAnchor: { type: DataTypes.STRING(7), allowNull: false, field: 'roster_anchor' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'studios', modelName: 'Studio' },
    );
    return Studio;
  }
}
