import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One step on a topic's timeline, shown to the resident on the tracking page. */
export class TopicEvent extends Model<InferAttributes<TopicEvent>, InferCreationAttributes<TopicEvent>> {
  declare id: CreationOptional<number>;
  declare topicId: number;
  declare kind: string;
  declare actorId: number | null;
  declare note: string | null;
  declare detail: string | null;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof TopicEvent {
    TopicEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        actorId: { type: DataTypes.INTEGER, allowNull: true, field: 'actor_id' },
        note: { type: DataTypes.TEXT, allowNull: true },
        detail: { type: DataTypes.STRING(200), allowNull: true },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'topic_events', modelName: 'TopicEvent', timestamps: false },
    );
    return TopicEvent;
  }
}
