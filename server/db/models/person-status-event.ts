import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

import type { PersonStatus } from './person.js';

/** One dated change of a person's status, with its reason and who recorded it. */
export class PersonStatusEvent extends Model<
  InferAttributes<PersonStatusEvent>,
  InferCreationAttributes<PersonStatusEvent>
> {
  declare id: CreationOptional<number>;
  declare personId: number;
  declare status: PersonStatus;
  /** 'YYYY-MM-DD', China time. */
  declare effectiveOn: string;
  declare reason: string | null;
  declare recordedBy: number | null;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof PersonStatusEvent {
    PersonStatusEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        personId: { type: DataTypes.INTEGER, allowNull: false, field: 'person_id' },
        status: { type: DataTypes.STRING(16), allowNull: false },
        effectiveOn: { type: DataTypes.STRING(10), allowNull: false, field: 'effective_on' },
        reason: { type: DataTypes.STRING(200), allowNull: true },
        recordedBy: { type: DataTypes.INTEGER, allowNull: true, field: 'recorded_by' },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'person_status_events', modelName: 'PersonStatusEvent', timestamps: false },
    );
    return PersonStatusEvent;
  }
}
