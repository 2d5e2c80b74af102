"""audit_event: the interpreter or the service that acted, when neither a person nor staff did

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # Null for the events recorded before: an interpreter's actions then named no one.
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_interpreter_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('actor_service', sa.String(length=60), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_event_actor_interpreter_id'), ['actor_interpreter_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_actor_interpreter_id'))
        batch_op.drop_column('actor_service')
        batch_op.drop_column('actor_interpreter_id')
