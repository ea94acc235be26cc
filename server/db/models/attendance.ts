import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Present or absent, how it was recorded (QR scan, by hand, remote link) and when. */
export class Attendance extends Model<InferAttributes<Attendance>, InferCreationAttributes<Attendance>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare inviteeId: number;
  declare present: boolean;
  declare method: 'qr' | 'manual' | 'remote';
  declare recordedBy: number | null;
  /** The household this person represents at a villagers' assembly (its alternative quorum). */
  declare householdId: CreationOptional<number | null>;
  /** Present as the proxy (委托) of another invitee, where the body allows it. */
  declare proxyForInviteeId: CreationOptional<number | null>;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof Attendance {
    Attendance.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        inviteeId: { type: DataTypes.INTEGER, allowNull: false, field: 'invitee_id' },
        present: { type: DataTypes.BOOLEAN, allowNull: false },
        method: { type: DataTypes.STRING(16), allowNull: false },
        recordedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'recorded_by' },
        householdId: { type: DataTypes.INTEGER, allowNull: true, field: 'household_id' },
        proxyForInviteeId: { type: DataTypes.INTEGER, allowNull: true, field: 'proxy_for_invitee_id' },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'attendance', modelName: 'Attendance', timestamps: false },
    );
    return Attendance;
  }
}
