import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { ResolutionState } from '../../../shared/rules/resolution.js';

/** One step on a resolution's timeline, with actor and time (the audit trail records it too). */
export class ResolutionEvent extends Model<InferAttributes<ResolutionEvent>, InferCreationAttributes<ResolutionEvent>> {
  declare id: CreationOptional<number>;
  declare resolutionId: number;
  declare kind: string;
  declare fromState: ResolutionState | null;
  declare toState: ResolutionState | null;
  declare actorId: number | null;
  declare note: string | null;
  declare public: boolean;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof ResolutionEvent {
    ResolutionEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        resolutionId: { type: DataTypes.INTEGER, allowNull: false, field: 'resolution_id' },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        fromState: { type: DataTypes.STRING(16), allowNull: true, field: 'from_state' },
        toState: { type: DataTypes.STRING(16), allowNull: true, field: 'to_state' },
        actorId: { type: DataTypes.INTEGER, allowNull: true, field: 'actor_id' },
        note: { type: DataTypes.TEXT, allowNull: true },
        public: { type: DataTypes.BOOLEAN, allowNull: false },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'resolution_events', modelName: 'ResolutionEvent', timestamps: false },
    );
    return ResolutionEvent;
  }
}
