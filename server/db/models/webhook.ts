import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type WebhookFormat = 'wecom' | 'dingtalk' | 'json';

/** An organisation's outgoing webhook: a WeCom (企业微信) or DingTalk (钉钉) group robot, or plain JSON. */
export class Webhook extends Model<InferAttributes<Webhook>, InferCreationAttributes<Webhook>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare url: string;
  declare format: WebhookFormat;
  declare enabled: boolean;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Webhook {
    Webhook.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        url: { type: DataTypes.STRING(500), allowNull: false },
        format: { type: DataTypes.STRING(12), allowNull: false },
        enabled: { type: DataTypes.BOOLEAN, allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'webhooks', modelName: 'Webhook' },
    );
    return Webhook;
  }
}
