"""benefit and benefit_payment: the state benefits a person is assigned and their payments month by
month, as the assigning body and the payer give them (issue #25, point 1)

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-07 20:34:49.703814

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0032'
down_revision = '0031'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('benefit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('disability_benefit', 'carer_benefit', 'parent_benefit', 'working_capacity_loss', 'special_state_benefit', 'injury_insurance', 'local_assistance', name='benefit_kind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('legal_basis', sa.String(length=100), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('monthly_amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('assigned', 'suspended', 'stopped', name='benefit_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_reason', sa.Enum('missed_reexamination', 'term_ended', 'moved_abroad', 'no_account_activity', 'death', 'replaced_by_pension', 'recipient_request', name='benefit_status_reason', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('status_since', sa.Date(), nullable=True),
    sa.Column('assigned_by', sa.String(length=200), nullable=False),
    sa.Column('payer', sa.Enum('state_corporation', 'social_insurance_fund', 'insurer', 'employer', 'local_budget', name='benefit_payer', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('for_person_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(status_reason IS NULL) = (status = 'assigned')", name=op.f('ck_benefit_reason_when_not_assigned')),
    sa.CheckConstraint('monthly_amount > 0', name=op.f('ck_benefit_monthly_amount_positive')),
    sa.ForeignKeyConstraint(['for_person_id'], ['person.id'], name=op.f('fk_benefit_for_person_id_person')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_benefit_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit'))
    )
    with op.batch_alter_table('benefit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benefit_for_person_id'), ['for_person_id'], unique=False)
        batch_op.create_index('ix_benefit_person_assigned_on', ['person_id', 'assigned_on'], unique=False)

    op.create_table('benefit_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('benefit_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('account_last4', sa.String(length=4), nullable=False),
    sa.Column('change_note', sa.Enum('indexation', 'recalculation', 'group_changed', 'resumed', name='payment_change_note', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('previous_amount', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount > 0', name=op.f('ck_benefit_payment_amount_positive')),
    sa.CheckConstraint('length(account_last4) = 4', name=op.f('ck_benefit_payment_account_last4_length')),
    sa.CheckConstraint('previous_amount IS NULL OR previous_amount > 0', name=op.f('ck_benefit_payment_previous_amount_positive')),
    sa.ForeignKeyConstraint(['benefit_id'], ['benefit.id'], name=op.f('fk_benefit_payment_benefit_id_benefit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_payment')),
    sa.UniqueConstraint('benefit_id', 'month', name=op.f('uq_benefit_payment_benefit_id'))
    )


def downgrade():
    op.drop_table('benefit_payment')
    with op.batch_alter_table('benefit', schema=None) as batch_op:
        batch_op.drop_index('ix_benefit_person_assigned_on')
        batch_op.drop_index(batch_op.f('ix_benefit_for_person_id'))

    op.drop_table('benefit')
