import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** An in-app notification for one staff member; translated when shown, from its kind and params. */
export class Notification extends Model<InferAttributes<Notification>, InferCreationAttributes<Notification>> {
  declare id: CreationOptional<number>;
  declare userId: number;
  declare resolutionId: number | null;
  /** A major matter it is about (an objection arrived), or null. */
  declare procedureId: CreationOptional<number | null>;
  declare kind: string;
  declare params: Record<string, string | number>;
  declare at: Date;
  declare readAt: Date | null;

  static initModel(sequelize: Sequelize): typeof Notification {
    Notification.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        userId: { type: DataTypes.INTEGER, allowNull: false, field: 'user_id' },
        resolutionId: { type: DataTypes.INTEGER, allowNull: true, field: 'resolution_id' },
        procedureId: { type: DataTypes.INTEGER, allowNull: true, field: 'procedure_id' },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        params: { type: DataTypes.JSON, allowNull: false },
        at: { type: DataTypes.DATE, allowNull: false },
        readAt: { type: DataTypes.DATE, allowNull: true, field: 'read_at' },
      },
      { sequelize, tableName: 'notifications', modelName: 'Notification', timestamps: false },
    );
    return Notification;
  }
}
