import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type BodyRole = 'member' | 'representative' | 'committee' | 'guest';

/** A person's seat in a body over a span of dates, and their personal pass (参会证). */
export class BodyMember extends Model<InferAttributes<BodyMember>, InferCreationAttributes<BodyMember>> {
  declare id: CreationOptional<number>;
  declare bodyId: number;
  declare personId: number;
  declare role: BodyRole;
  /** 'YYYY-MM-DD' (China time), inclusive. */
  declare startsOn: string;
  /** 'YYYY-MM-DD' (China time), inclusive; null while the seat lasts. */
  declare endsOn: string | null;
  declare passTokenHash: string | null;
  declare passIssuedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof BodyMember {
    BodyMember.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        bodyId: { type: DataTypes.INTEGER, allowNull: false, field: 'body_id' },
        personId: { type: DataTypes.INTEGER, allowNull: false, field: 'person_id' },
        role: { type: DataTypes.STRING(16), allowNull: false },
        startsOn: { type: DataTypes.STRING(10), allowNull: false, field: 'starts_on' },
        endsOn: { type: DataTypes.STRING(10), allowNull: true, field: 'ends_on' },
        passTokenHash: { type: DataTypes.STRING(64), allowNull: true, field: 'pass_token_hash' },
        passIssuedAt: { type: DataTypes.DATE, allowNull: true, field: 'pass_issued_at' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'body_members', modelName: 'BodyMember' },
    );
    return BodyMember;
  }
}
