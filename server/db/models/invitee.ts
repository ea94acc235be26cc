import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Someone invited to a meeting: a staff user, or a named guest without an account (乡贤, 企业, 村民). */
export class Invitee extends Model<InferAttributes<Invitee>, InferCreationAttributes<Invitee>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare userId: number | null;
  declare name: string;
  declare affiliation: string;
  declare category: string;
  declare member: boolean;
  declare inviteTokenHash: string | null;
  /** The person on the register this seat belongs to (members of a body; guests may have none). */
  declare personId: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Invitee {
    Invitee.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        userId: { type: DataTypes.INTEGER, allowNull: true, field: 'user_id' },
        name: { type: DataTypes.STRING(40), allowNull: false },
        affiliation: { type: DataTypes.STRING(60), allowNull: false },
        category: { type: DataTypes.STRING(20), allowNull: false },
        member: { type: DataTypes.BOOLEAN, allowNull: false },
        inviteTokenHash: { type: DataTypes.STRING(64), allowNull: true, field: 'invite_token_hash' },
        personId: { type: DataTypes.INTEGER, allowNull: true, field: 'person_id' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'invitees', modelName: 'Invitee', updatedAt: false },
    );
    return Invitee;
  }
}
