import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A co-sign (附议). Device and phone are stored only as keyed hashes: enough to count once, nothing to read back. */
export class Cosign extends Model<InferAttributes<Cosign>, InferCreationAttributes<Cosign>> {
  declare id: CreationOptional<number>;
  declare topicId: number;
  declare deviceHash: string;
  declare phoneHash: string | null;
  /** Matched to a person on the register: only these count toward legal triggers. */
  declare personId: CreationOptional<number | null>;
  declare verifiedBy: CreationOptional<'sms' | 'desk' | null>;
  declare verifiedAt: CreationOptional<Date | null>;
  declare verifierId: CreationOptional<number | null>;
  /** The resident agreed to be told what became of the topic (SMS co-signs only). */
  declare notifyConsent: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Cosign {
    Cosign.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
        deviceHash: { type: DataTypes.STRING(64), allowNull: false, field: 'device_hash' },
        phoneHash: { type: DataTypes.STRING(64), allowNull: true, field: 'phone_hash' },
        personId: { type: DataTypes.INTEGER, allowNull: true, field: 'person_id' },
        verifiedBy: { type: DataTypes.STRING(8), allowNull: true, field: 'verified_by' },
        verifiedAt: { type: DataTypes.DATE, allowNull: true, field: 'verified_at' },
        verifierId: { type: DataTypes.INTEGER, allowNull: true, field: 'verifier_id' },
        notifyConsent: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false, field: 'notify_consent' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'cosigns', modelName: 'Cosign', updatedAt: false },
    );
    return Cosign;
  }
}
