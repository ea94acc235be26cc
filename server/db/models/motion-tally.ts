import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/**
 * A motion's running counters: ballots recorded and marks per option. An open ballot is added in
 * the transaction that records its voter; secret ones only in mixes of at least five, or at the
 * close (server/services/ballots.ts). Totals only, so it can never say who chose what.
 */
export class MotionTally extends Model<InferAttributes<MotionTally>, InferCreationAttributes<MotionTally>> {
  declare motionId: number;
  declare ballots: number;
  declare counts: number[];

  static initModel(sequelize: Sequelize): typeof MotionTally {
    MotionTally.init(
      {
        motionId: { type: DataTypes.INTEGER, primaryKey: true, field: 'motion_id' },
        ballots: { type: DataTypes.INTEGER, allowNull: false },
        counts: { type: DataTypes.JSON, allowNull: false },
      },
      { sequelize, tableName: 'motion_tallies', modelName: 'MotionTally', timestamps: false },
    );
    return MotionTally;
  }
}
