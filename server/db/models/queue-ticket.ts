import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A queue number taken by scanning the studio's code on reception day. */
export class QueueTicket extends Model<InferAttributes<QueueTicket>, InferCreationAttributes<QueueTicket>> {
  declare id: CreationOptional<number>;
  declare studioId: number;
  declare day: string;
  declare number: number;
  declare deviceHash: string;
  declare status: 'waiting' | 'called';
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof QueueTicket {
    QueueTicket.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        studioId: { type: DataTypes.INTEGER, allowNull: false, field: 'studio_id' },
        day: { type: DataTypes.STRING(10), allowNull: false },
        number: { type: DataTypes.INTEGER, allowNull: false },
        deviceHash: { type: DataTypes.STRING(64), allowNull: false, field: 'device_hash' },
        status: { type: DataTypes.STRING(10), allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'queue_tickets', modelName: 'QueueTicket', updatedAt: false },
    );
    return QueueTicket;
  }
}
