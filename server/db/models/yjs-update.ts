import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** One stored Yjs update (a batch of edits, or a compacted snapshot) of a collaborative document. */
export class YjsUpdate extends Model<InferAttributes<YjsUpdate>, InferCreationAttributes<YjsUpdate>> {
  /** BIGINT: Sequelize returns it as a string on PostgreSQL, so read it through Number(). */
  declare id: CreationOptional<number | string>;
  declare docName: string;
  declare data: Buffer;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof YjsUpdate {
    YjsUpdate.init(
      {
        id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
        docName: { type: DataTypes.STRING(100), allowNull: false, field: 'doc_name' },
        data: { type: DataTypes.BLOB, allowNull: false },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
      },
      { sequelize, tableName: 'yjs_updates', modelName: 'YjsUpdate', updatedAt: false },
    );
    return YjsUpdate;
  }
}
