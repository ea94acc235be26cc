import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One message to a webhook, retried with backoff until delivered or given up (visible to admins). */
export class WebhookDelivery extends Model<InferAttributes<WebhookDelivery>, InferCreationAttributes<WebhookDelivery>> {
  declare id: CreationOptional<number>;
  declare webhookId: number;
  declare resolutionId: number | null;
  declare event: string;
  declare payload: Record<string, unknown>;
  declare status: DeliveryStatus;
  declare attempts: number;
  declare nextAttemptAt: Date | null;
  declare lastError: string | null;
  declare deliveredAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof WebhookDelivery {
    WebhookDelivery.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        webhookId: { type: DataTypes.INTEGER, allowNull: false, field: 'webhook_id' },
        resolutionId: { type: DataTypes.INTEGER, allowNull: true, field: 'resolution_id' },
        event: { type: DataTypes.STRING(32), allowNull: false },
        payload: { type: DataTypes.JSON, allowNull: false },
        status: { type: DataTypes.STRING(12), allowNull: false },
        attempts: { type: DataTypes.INTEGER, allowNull: false },
        nextAttemptAt: { type: DataTypes.DATE, allowNull: true, field: 'next_attempt_at' },
        lastError: { type: DataTypes.STRING(300), allowNull: true, field: 'last_error' },
        deliveredAt: { type: DataTypes.DATE, allowNull: true, field: 'delivered_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'webhook_deliveries', modelName: 'WebhookDelivery' },
    );
    return WebhookDelivery;
  }
}
