import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { OrganisationKind } from '../../../shared/roles.js';
import type { OrganisationSettings } from '../../../shared/schemas/organisation.js';
import { randomBoardCode } from '../../services/random-codes.js';

/** County → township → village → grid. `settings` holds figures used by quorum rules. */
export class Organisation extends Model<InferAttributes<Organisation>, InferCreationAttributes<Organisation>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare kind: OrganisationKind;
  declare parentId: number | null;
  declare settings: OrganisationSettings;
  declare isDemo: CreationOptional<boolean>;
  /** The public board's short address (/b/<code>); every organisation gets one when created. */
  declare boardCode: CreationOptional<string>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Organisation {
    Organisation.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        name: { type: DataTypes.STRING(60), allowNull: false },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        parentId: { type: DataTypes.INTEGER, allowNull: true, field: 'parent_id' },
        settings: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
        isDemo: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false, field: 'is_demo' },
        boardCode: {
          type: DataTypes.STRING(16),
          allowNull: true,
          unique: true,
          field: 'board_code',
          defaultValue: () => randomBoardCode(),
        },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'organisations', modelName: 'Organisation' },
    );
    return Organisation;
  }
}
