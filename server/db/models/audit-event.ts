import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Who did what to which subject, with a before/after summary (never secrets or phone numbers). */
export class AuditEvent extends Model<InferAttributes<AuditEvent>, InferCreationAttributes<AuditEvent>> {
  declare id: CreationOptional<number>;
  declare actorId: number | null;
  declare action: string;
  declare subjectType: string;
  declare subjectId: string;
  /** Organisation the subject belongs to, so admins see only their part of the tree. */
  declare organisationId: number | null;
  declare summary: Record<string, unknown>;
  declare at: Date;

  static initModel(sequelize: Sequelize): typeof AuditEvent {
    AuditEvent.init(
      {
        id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
        actorId: { type: DataTypes.INTEGER, allowNull: true, field: 'actor_id' },
        action: { type: DataTypes.STRING(64), allowNull: false },
        subjectType: { type: DataTypes.STRING(40), allowNull: false, field: 'subject_type' },
        subjectId: { type: DataTypes.STRING(64), allowNull: false, field: 'subject_id' },
        organisationId: { type: DataTypes.INTEGER, allowNull: true, field: 'organisation_id' },
        summary: { type: DataTypes.JSON, allowNull: false, defaultValue: {} },
        at: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'audit_events', modelName: 'AuditEvent', timestamps: false },
    );
    return AuditEvent;
  }
}
