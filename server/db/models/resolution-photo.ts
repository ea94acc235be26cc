import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** A photo of progress or of the result, re-encoded on upload (no EXIF/GPS), numbered per resolution. */
export class ResolutionPhoto extends Model<InferAttributes<ResolutionPhoto>, InferCreationAttributes<ResolutionPhoto>> {
  declare id: CreationOptional<number>;
  declare resolutionId: number;
  declare eventId: number | null;
  declare position: number;
  declare mime: string;
  declare width: number;
  declare height: number;
  declare data: Buffer;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): typeof ResolutionPhoto {
    ResolutionPhoto.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        resolutionId: { type: DataTypes.INTEGER, allowNull: false, field: 'resolution_id' },
        eventId: { type: DataTypes.INTEGER, allowNull: true, field: 'event_id' },
        position: { type: DataTypes.INTEGER, allowNull: false },
        mime: { type: DataTypes.STRING(20), allowNull: false },
        width: { type: DataTypes.INTEGER, allowNull: false },
        height: { type: DataTypes.INTEGER, allowNull: false },
        data: { type: DataTypes.BLOB, allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false, field: 'created_at' },
      },
      { sequelize, tableName: 'resolution_photos', modelName: 'ResolutionPhoto', updatedAt: false },
    );
    return ResolutionPhoto;
  }
}
