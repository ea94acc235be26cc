import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Rating } from '../../../shared/rules/resolution.js';

/** A resident's rating (群众评单): by the topic's submitter or by a co-signer, identified by device. */
export class ResolutionRating extends Model<
  InferAttributes<ResolutionRating>,
  InferCreationAttributes<ResolutionRating>
> {
  declare id: CreationOptional<number>;
  declare resolutionId: number;
  declare topicId: number | null;
  declare by: 'submitter' | 'cosigner';
  declare deviceHash: string;
  declare rating: Rating;
  declare comment: string;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof ResolutionRating {
    ResolutionRating.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        resolutionId: { type: DataTypes.INTEGER, allowNull: false, field: 'resolution_id' },
        topicId: { type: DataTypes.INTEGER, allowNull: true, field: 'topic_id' },
        by: { type: DataTypes.STRING(12), allowNull: false },
        deviceHash: { type: DataTypes.STRING(64), allowNull: false, field: 'device_hash' },
        rating: { type: DataTypes.STRING(32), allowNull: false },
        comment: { type: DataTypes.TEXT, allowNull: false },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'resolution_ratings', modelName: 'ResolutionRating', timestamps: false },
    );
    return ResolutionRating;
  }
}
