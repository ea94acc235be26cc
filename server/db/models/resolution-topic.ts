import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A topic a resolution answers: its resident sees the resolution on the tracking page and rates it. */
export class ResolutionTopic extends Model<InferAttributes<ResolutionTopic>, InferCreationAttributes<ResolutionTopic>> {
  declare resolutionId: number;
  declare topicId: number;

  static initModel(sequelize: Sequelize): typeof ResolutionTopic {
    ResolutionTopic.init(
      {
        resolutionId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, field: 'resolution_id' },
        topicId: { type: DataTypes.INTEGER, allowNull: false, primaryKey: true, field: 'topic_id' },
      },
      { sequelize, tableName: 'resolution_topics', modelName: 'ResolutionTopic', timestamps: false },
    );
    return ResolutionTopic;
  }
}
