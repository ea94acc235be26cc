import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export interface Signatory {
  role: 'convener' | 'recorder';
  userId: number | null;
  name: string;
}

/** A frozen version of a meeting's minutes, and its redacted public copy once published. */
export class MinutesVersion extends Model<InferAttributes<MinutesVersion>, InferCreationAttributes<MinutesVersion>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare version: number;
  declare content: string;
  declare sha256: string;
  declare signatories: Signatory[];
  declare finalisedAt: Date;
  declare publishedAt: Date | null;
  declare publishedBy: number | null;
  declare publicContent: string | null;
  declare publicSha256: string | null;

  static initModel(sequelize: Sequelize): typeof MinutesVersion {
    MinutesVersion.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        version: { type: DataTypes.INTEGER, allowNull: false },
        content: { type: DataTypes.TEXT, allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        signatories: { type: DataTypes.JSON, allowNull: false },
        finalisedAt: { type: DataTypes.DATE, allowNull: false, field: 'finalised_at' },
        publishedAt: { type: DataTypes.DATE, allowNull: true, field: 'published_at' },
        publishedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'published_by' },
        publicContent: { type: DataTypes.TEXT, allowNull: true, field: 'public_content' },
        publicSha256: { type: DataTypes.STRING(64), allowNull: true, field: 'public_sha256' },
      },
      { sequelize, tableName: 'minutes_versions', modelName: 'MinutesVersion', timestamps: false },
    );
    return MinutesVersion;
  }
}
