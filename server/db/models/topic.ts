import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { TopicStatus } from '../../../shared/rules/intake.js';

/** A matter raised by a resident (议题/诉求). Always exactly one owner once accepted (首问负责制). */
export class Topic extends Model<InferAttributes<Topic>, InferCreationAttributes<Topic>> {
  declare id: CreationOptional<number>;
  declare receipt: string;
  declare organisationId: number;
  declare intakeCodeId: number | null;
  declare idempotencyKey: string | null;
  declare title: string;
  declare details: string;
  declare category: string;
  declare location: string;
  declare gridId: number | null;
  declare submitterName: string | null;
  declare submitterPhone: string | null;
  declare anonymous: boolean;
  declare status: TopicStatus;
  declare ownerId: number | null;
  declare mergedIntoId: number | null;
  declare cosignCount: CreationOptional<number>;
  declare assemblyDemand: CreationOptional<boolean>;
  declare representativesDemand: CreationOptional<boolean>;
  /** Co-signs matched to a person on the register; only these reach a legal trigger. */
  declare verifiedCosignCount: CreationOptional<number>;
  declare firstActionAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Topic {
    Topic.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        receipt: { type: DataTypes.STRING(12), allowNull: false, unique: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        intakeCodeId: { type: DataTypes.INTEGER, allowNull: true, field: 'intake_code_id' },
        idempotencyKey: { type: DataTypes.STRING(80), allowNull: true, field: 'idempotency_key' },
        title: { type: DataTypes.STRING(60), allowNull: false },
        details: { type: DataTypes.TEXT, allowNull: false },
        category: { type: DataTypes.STRING(20), allowNull: false },
        location: { type: DataTypes.STRING(100), allowNull: false },
        gridId: { type: DataTypes.INTEGER, allowNull: true, field: 'grid_id' },
        submitterName: { type: DataTypes.STRING(20), allowNull: true, field: 'submitter_name' },
        submitterPhone: { type: DataTypes.STRING(20), allowNull: true, field: 'submitter_phone' },
        anonymous: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        status: { type: DataTypes.STRING(16), allowNull: false },
        ownerId: { type: DataTypes.INTEGER, allowNull: true, field: 'owner_id' },
        mergedIntoId: { type: DataTypes.INTEGER, allowNull: true, field: 'merged_into_id' },
        cosignCount: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0, field: 'cosign_count' },
        assemblyDemand: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false, field: 'assembly_demand' },
        representativesDemand: {
          type: DataTypes.BOOLEAN,
          allowNull: false,
          defaultValue: false,
          field: 'representatives_demand',
        },
        verifiedCosignCount: {
          type: DataTypes.INTEGER,
          allowNull: false,
          defaultValue: 0,
          field: 'verified_cosign_count',
        },
        firstActionAt: { type: DataTypes.DATE, allowNull: true, field: 'first_action_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'topics', modelName: 'Topic' },
    );
    return Topic;
  }
}
