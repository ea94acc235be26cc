import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

export type PersonStatus = 'resident' | 'away' | 'moved_out' | 'deceased';
export type Gender = 'female' | 'male' | 'unknown';

/** A person on a village's register (村民名册). Never deleted: leaving is a dated status. */
export class Person extends Model<InferAttributes<Person>, InferCreationAttributes<Person>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare householdId: number | null;
  declare gridId: number | null;
  declare externalKey: string;
  declare name: string;
  declare gender: Gender;
  declare birthYear: number | null;
  declare adult: boolean | null;
  declare idSuffix: string | null;
  declare phone: string | null;
  declare relation: string | null;
  declare status: PersonStatus;
  /** 'YYYY-MM-DD', China time. */
  declare statusSince: string;
  declare partyMember: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Person {
    Person.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: { type: DataTypes.INTEGER, allowNull: false, field: 'organisation_id' },
        householdId: { type: DataTypes.INTEGER, allowNull: true, field: 'household_id' },
        gridId: { type: DataTypes.INTEGER, allowNull: true, field: 'grid_id' },
        externalKey: { type: DataTypes.STRING(64), allowNull: false, field: 'external_key' },
        name: { type: DataTypes.STRING(40), allowNull: false },
        gender: { type: DataTypes.STRING(8), allowNull: false },
        birthYear: { type: DataTypes.INTEGER, allowNull: true, field: 'birth_year' },
        adult: { type: DataTypes.BOOLEAN, allowNull: true },
        idSuffix: { type: DataTypes.STRING(4), allowNull: true, field: 'id_suffix' },
        phone: { type: DataTypes.STRING(11), allowNull: true },
        relation: { type: DataTypes.STRING(16), allowNull: true },
        status: { type: DataTypes.STRING(16), allowNull: false },
        statusSince: { type: DataTypes.STRING(10), allowNull: false, field: 'status_since' },
        partyMember: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false, field: 'party_member' },
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'people', modelName: 'Person' },
    );
    return Person;
  }
}
