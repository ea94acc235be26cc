import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Role } from '../../../shared/roles.js';

/** user × organisation × role. The role also covers every descendant organisation. */
export class Membership extends Model<InferAttributes<Membership>, InferCreationAttributes<Membership>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare organisationId: number;
  declare role: Role;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Membership {
    Membership.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false, field: 'user_id' },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        role: { type: DataTypes.STRING(16), allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'memberships', modelName: 'Membership', updatedAt: false },
    );
    return Membership;
  }
}
