import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

import type { Body } from '../../../shared/rules/quorum.js';

/** A deliberating body (议事主体) of an organisation: who may attend and vote in its meetings. */
export class DeliberatingBody extends Model<
  InferAttributes<DeliberatingBody>,
  InferCreationAttributes<DeliberatingBody>
> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare kind: Exclude<Body, 'free_consultation'>;
  declare name: string;
  declare guestsVote: CreationOptional<boolean>;
  declare maxProxies: CreationOptional<number>;
  declare archivedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof DeliberatingBody {
    DeliberatingBody.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(60), allowNull: false },
        guestsVote: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false, field: 'guests_vote' },
        maxProxies: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, field: 'max_proxies' },
        archivedAt: { type: DataTypes.DATE, allowNull: true, field: 'archived_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'deliberating_bodies', modelName: 'DeliberatingBody' },
    );
    return DeliberatingBody;
  }
}
