import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** 即办: a topic referred straight to a department or person without a meeting. Followed up as a resolution later. */
export class Referral extends Model<InferAttributes<Referral>, InferCreationAttributes<Referral>> {
  declare id: CreationOptional<number>;
  declare topicId: number;
  declare organisationId: number;
  declare assigneeId: number | null;
  declare note: string;
  declare createdBy: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Referral {
    Referral.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        assigneeId: { type: DataTypes.INTEGER, allowNull: true, field: 'assignee_id' },
        note: { type: DataTypes.TEXT, allowNull: false },
        createdBy: { type: DataTypes.INTEGER, allowNull: true, field: 'created_by' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'referrals', modelName: 'Referral', updatedAt: false },
    );
    return Referral;
  }
}
