import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Statement } from '../../../shared/rules/quorum.js';

/**
 * What a meeting decided on an agenda item: a passed motion, or agreement by consensus recorded
 * by the convener. The resolutions feature drafts a resolution (决议) from each and sets `resolutionId`.
 */
export class Decision extends Model<InferAttributes<Decision>, InferCreationAttributes<Decision>> {
  declare id: CreationOptional<number>;
  declare meetingId: number;
  declare agendaItemId: number | null;
  declare motionId: number | null;
  declare kind: 'motion' | 'consensus';
  declare text: string;
  declare resultStatement: Statement;
  declare createdAt: CreationOptional<Date>;
  declare resolutionId: number | null;
  declare annulledAt: Date | null;
  declare annulReason: string | null;

  static initModel(sequelize: Sequelize): typeof Decision {
    Decision.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        meetingId: { type: DataTypes.INTEGER, allowNull: false, field: 'meeting_id' },
        agendaItemId: { type: DataTypes.INTEGER, allowNull: true, field: 'agenda_item_id' },
        motionId: { type: DataTypes.INTEGER, allowNull: true, field: 'motion_id' },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        text: { type: DataTypes.STRING(600), allowNull: false },
        resultStatement: { type: DataTypes.JSON, allowNull: false, field: 'result_statement' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        resolutionId: { type: DataTypes.INTEGER, allowNull: true, field: 'resolution_id' },
        annulledAt: { type: DataTypes.DATE, allowNull: true, field: 'annulled_at' },
        annulReason: { type: DataTypes.STRING(200), allowNull: true, field: 'annul_reason' },
      },
      { sequelize, tableName: 'decisions', modelName: 'Decision', updatedAt: false },
    );
    return Decision;
  }
}
