import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Locale } from '../../../shared/roles.js';

/** A staff account. Residents never have one. */
export class User extends Model<InferAttributes<User>, InferCreationAttributes<User>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare displayName: string;
  declare passwordHash: string;
  declare phone: string | null;
  declare locale: CreationOptional<Locale>;
  declare disabled: CreationOptional<boolean>;
  declare failedLogins: CreationOptional<number>;
  declare lockedUntil: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof User {
    User.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        username: { type: DataTypes.STRING(32), allowNull: false, unique: true },
        displayName: { type: DataTypes.STRING(40), allowNull: false, field: 'display_name' },
        passwordHash: { type: DataTypes.STRING(200), allowNull: false, field: 'password_hash' },
        phone: { type: DataTypes.STRING(20), allowNull: true },
        locale: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'zh-CN' },
        disabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        failedLogins: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, field: 'failed_logins' },
        lockedUntil: { type: DataTypes.DATE, allowNull: true, field: 'locked_until' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'users', modelName: 'User' },
    );
    return User;
  }
}
