import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One conversation on a reception day (接待记录); may become an accepted topic. */
export class Visit extends Model<InferAttributes<Visit>, InferCreationAttributes<Visit>> {
  declare id: CreationOptional<number>;
  declare studioId: number;
  declare representativeId: number;
  declare day: string;
  declare ticketNumber: number | null;
  declare visitorName: string | null;
  declare visitorPhone: string | null;
  declare matter: string;
  declare category: string;
  declare answer: string;
  declare followUp: boolean;
  declare topicId: number | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Visit {
    Visit.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        studioId: { type: DataTypes.INTEGER, allowNull: false, field: 'studio_id' },
        representativeId: { type: DataTypes.INTEGER, allowNull: false, field: 'representative_id' },
        day: { type: DataTypes.STRING(10), allowNull: false },
        ticketNumber: { type: DataTypes.INTEGER, allowNull: true, field: 'ticket_number' },
        visitorName: { type: DataTypes.STRING(20), allowNull: true, field: 'visitor_name' },
        visitorPhone: { type: DataTypes.STRING(20), allowNull: true, field: 'visitor_phone' },
        matter: { type: DataTypes.TEXT, allowNull: false },
        category: { type: DataTypes.STRING(20), allowNull: false },
        answer: { type: DataTypes.TEXT, allowNull: false },
        followUp: { type: DataTypes.BOOLEAN, allowNull: false, field: 'follow_up' },
        topicId: { type: DataTypes.INTEGER, allowNull: true, field: 'topic_id' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'visits', modelName: 'Visit', updatedAt: false },
    );
    return Visit;
  }
}
