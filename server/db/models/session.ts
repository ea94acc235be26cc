import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * A login session. Only the SHA-256 of the cookie token is stored, so a copy of the database
 * does not let anyone log in. Sessions live in the database so any instance accepts any cookie.
 */
export class Session extends Model<InferAttributes<Session>, InferCreationAttributes<Session>> {
  declare id: CreationOptional<number>;
  declare tokenHash: string;
  declare userId: number;
  declare csrfToken: string;
  declare expiresAt: Date;
  declare lastSeenAt: Date;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Session {
    Session.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        tokenHash: { type: DataTypes.STRING(64), allowNull: false, unique: true, field: 'token_hash' },
        userId: { type: DataTypes.INTEGER, allowNull: false, field: 'user_id' },
        csrfToken: { type: DataTypes.STRING(64), allowNull: false, field: 'csrf_token' },
        expiresAt: { type: DataTypes.DATE, allowNull: false, field: 'expires_at' },
        lastSeenAt: { type: DataTypes.DATE, allowNull: false, field: 'last_seen_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'sessions', modelName: 'Session', updatedAt: false },
    );
    return Session;
  }
}
