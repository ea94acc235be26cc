import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A one-time code sent by SMS (co-signing as a person on the register). Hashes only; expires. */
export class SmsChallenge extends Model<InferAttributes<SmsChallenge>, InferCreationAttributes<SmsChallenge>> {
  declare id: CreationOptional<number>;
  declare purpose: 'cosign';
  declare phoneHash: string;
  declare personId: number | null;
  declare topicId: number | null;
  declare codeHash: string;
  declare attempts: CreationOptional<number>;
  declare expiresAt: Date;
  declare consumedAt: Date | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SmsChallenge {
    SmsChallenge.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        purpose: { type: DataTypes.STRING(16), allowNull: false },
        phoneHash: { type: DataTypes.STRING(64), allowNull: false, field: 'phone_hash' },
        personId: { type: DataTypes.INTEGER, allowNull: true, field: 'person_id' },
        topicId: { type: DataTypes.INTEGER, allowNull: true, field: 'topic_id' },
        codeHash: { type: DataTypes.STRING(64), allowNull: false, field: 'code_hash' },
        attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        expiresAt: { type: DataTypes.DATE, allowNull: false, field: 'expires_at' },
        consumedAt: { type: DataTypes.DATE, allowNull: true, field: 'consumed_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'sms_challenges', modelName: 'SmsChallenge', updatedAt: false },
    );
    return SmsChallenge;
  }
}
