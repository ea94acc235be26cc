import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/**
 * The "has voted" register: one row per voter and motion (a unique index enforces it), with the
 * voter's receipt. Only open (记名) ballots keep the choices and the time here; for a secret
 * ballot both stay NULL and the choice lives only in the motion's counters (see 0005-voting.ts),
 * added there in mixes of at least five (0055-ballot-mixing.ts).
 */
export class Vote extends Model<InferAttributes<Vote>, InferCreationAttributes<Vote>> {
  declare id: CreationOptional<number>;
  declare motionId: number;
  declare inviteeId: number;
  declare receipt: string;
  declare clientBallotId: string;
  declare choices: number[] | null;
  declare castAt: Date | null;
  /** False while a secret ballot is received but not yet added to the counters in a mix. */
  declare recorded: CreationOptional<boolean>;

  static initModel(sequelize: Sequelize): typeof Vote {
    Vote.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        motionId: { type: DataTypes.INTEGER, allowNull: false, field: 'motion_id' },
        inviteeId: { type: DataTypes.INTEGER, allowNull: false, field: 'invitee_id' },
        receipt: { type: DataTypes.STRING(16), allowNull: false },
        clientBallotId: { type: DataTypes.STRING(64), allowNull: false, field: 'client_ballot_id' },
        choices: { type: DataTypes.JSON, allowNull: true },
        castAt: { type: DataTypes.DATE, allowNull: true, field: 'cast_at' },
        recorded: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      },
      { sequelize, tableName: 'votes', modelName: 'Vote', timestamps: false },
    );
    return Vote;
  }
}
