import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A resident's photo, re-encoded on upload so no EXIF (GPS) data survives. */
export class TopicPhoto extends Model<InferAttributes<TopicPhoto>, InferCreationAttributes<TopicPhoto>> {
  declare id: CreationOptional<number>;
  declare topicId: number;
  declare position: number;
  declare mime: string;
  declare width: number;
  declare height: number;
  declare data: Buffer;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof TopicPhoto {
    TopicPhoto.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        topicId: { type: DataTypes.INTEGER, allowNull: false, field: 'topic_id' },
        position: { type: DataTypes.INTEGER, allowNull: false },
        mime: { type: DataTypes.STRING(20), allowNull: false },
        width: { type: DataTypes.INTEGER, allowNull: false },
        height: { type: DataTypes.INTEGER, allowNull: false },
        data: { type: DataTypes.BLOB, allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'topic_photos', modelName: 'TopicPhoto', updatedAt: false },
    );
    return TopicPhoto;
  }
}
