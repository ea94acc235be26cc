import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * A phone that scanned the projector's code without a pass ("I am 赵文华"), or a second device for
 * someone already present: it waits for the desk to confirm or reject it by name.
 */
export class CheckinRequest extends Model<InferAttributes<CheckinRequest>, InferCreationAttributes<CheckinRequest>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare inviteeId: number;
  declare kind: 'claim' | 'takeover';
  declare state: 'pending' | 'confirmed' | 'rejected' | 'withdrawn';
  declare requestTokenHash: string;
  declare decidedBy: number | null;
  declare decidedAt: Date | null;
  declare reason: string | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof CheckinRequest {
    CheckinRequest.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        inviteeId: { type: DataTypes.INTEGER, allowNull: false, field: 'invitee_id' },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        requestTokenHash: { type: DataTypes.STRING(64), allowNull: false, field: 'request_token_hash' },
        decidedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'decided_by' },
        decidedAt: { type: DataTypes.DATE, allowNull: true, field: 'decided_at' },
        reason: { type: DataTypes.STRING(200), allowNull: true },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'checkin_requests', modelName: 'CheckinRequest', updatedAt: false },
    );
    return CheckinRequest;
  }
}
