import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';
import type { Rating, ResolutionState, SourceKind } from '../../../shared/rules/resolution.js';

/** A resolution (决议/事项): what was decided or referred, who carries it out by when, and how it ended. */
export class Resolution extends Model<InferAttributes<Resolution>, InferCreationAttributes<Resolution>> {
  declare id: CreationOptional<number>;
  declare organisationId: number;
  declare sourceKind: SourceKind;
  declare sourceId: number | null;
  declare meetingId: number | null;
  declare decisionId: number | null;
  declare referralId: number | null;
  declare text: string;
  /** The decision as a statement, shown instead of `text` (a motion's question) where set. */
  declare wording: CreationOptional<string | null>;
  /** 交办说明: what the village told the unit at dispatch; not public. */
  declare dispatchNote: CreationOptional<string | null>;
  declare category: string | null;
  declare responsibleOrganisationId: number | null;
  declare responsibleUserId: number | null;
  declare collaborators: string[];
  declare state: ResolutionState;
  declare deadline: Date | null;
  declare dispatchedAt: Date | null;
  declare reportedAt: Date | null;
  declare closedAt: Date | null;
  declare result: string | null;
  declare rating: Rating | null;
  declare ratedAt: Date | null;
  declare unitSpeed: number | null;
  declare unitQuality: number | null;
  declare overdueNotifiedAt: Date | null;
  declare dueSoonNotifiedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Resolution {
    const int = (field: string, allowNull = true) => ({ type: DataTypes.INTEGER, allowNull, field });
    const date = (field: string) => ({ type: DataTypes.DATE, allowNull: true, field });
    Resolution.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        organisationId: int('organisation_id', false),
        sourceKind: { type: DataTypes.STRING(16), allowNull: false, field: 'source_kind' },
        sourceId: int('source_id'),
        meetingId: int('meeting_id'),
        decisionId: int('decision_id'),
        referralId: int('referral_id'),
        text: { type: DataTypes.TEXT, allowNull: false },
        wording: { type: DataTypes.TEXT, allowNull: true },
        dispatchNote: { type: DataTypes.TEXT, allowNull: true, field: 'dispatch_note' },
        category: { type: DataTypes.STRING(20), allowNull: true },
        responsibleOrganisationId: int('responsible_organisation_id'),
        responsibleUserId: int('responsible_user_id'),
        collaborators: { type: DataTypes.JSON, allowNull: false },
        state: { type: DataTypes.STRING(16), allowNull: false },
        deadline: date('deadline'),
        dispatchedAt: date('dispatched_at'),
        reportedAt: date('reported_at'),
        closedAt: date('closed_at'),
        result: { type: DataTypes.TEXT, allowNull: true },
        rating: { type: DataTypes.STRING(32), allowNull: true },
        ratedAt: date('rated_at'),
        unitSpeed: int('unit_speed'),
        unitQuality: int('unit_quality'),
        overdueNotifiedAt: date('overdue_notified_at'),
        dueSoonNotifiedAt: date('due_soon_notified_at'),
        createdAt: { type: DataTypes.DATE, field: 'created_at' },
        updatedAt: { type: DataTypes.DATE, field: 'updated_at' },
      },
      { sequelize, tableName: 'resolutions', modelName: 'Resolution' },
    );
    return Resolution;
  }
}
