import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One item of a meeting's agenda: an accepted topic or a free item. */
export class AgendaItem extends Model<InferAttributes<AgendaItem>, InferCreationAttributes<AgendaItem>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare position: number;
  declare topicId: number | null;
  declare title: string;
  declare notes: string;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof AgendaItem {
    AgendaItem.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        position: { type: DataTypes.INTEGER, allowNull: false },
        topicId: { type: DataTypes.INTEGER, allowNull: true, field: 'topic_id' },
        title: { type: DataTypes.STRING(80), allowNull: false },
        notes: { type: DataTypes.TEXT, allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'agenda_items', modelName: 'AgendaItem', updatedAt: false },
    );
    return AgendaItem;
  }
}
