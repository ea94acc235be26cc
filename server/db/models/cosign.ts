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
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Cosign {
    Cosign.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
        deviceHash: { type: DataTypes.STRING(64), allowNull: false, field: 'device_hash' },
        phoneHash: { type: DataTypes.STRING(64), allowNull: true, field: 'phone_hash' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'cosigns', modelName: 'Cosign', updatedAt: false },
    );
    return Cosign;
  }
}
