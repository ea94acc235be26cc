import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A topic a resolution answers: its resident sees the resolution on the tracking page and rates it. */
export class ResolutionTopic extends Model<InferAttributes<ResolutionTopic>, InferCreationAttributes<ResolutionTopic>> {
  declare id: CreationOptional<number>;
  declare resolutionId: number;
  declare topicId: number;

  static initModel(sequelize: Sequelize): typeof ResolutionTopic {
    ResolutionTopic.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        resolutionId: { type: DataTypes.INTEGER, allowNull: false, field: 'resolution_id' },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
      },
      { sequelize, tableName: 'resolution_topics', modelName: 'ResolutionTopic', timestamps: false },
    );
    return ResolutionTopic;
  }
}
