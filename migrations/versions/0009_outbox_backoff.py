"""outbox: message.next_attempt_at, so a failed send waits longer each time before the next

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Null for the messages already waiting: they are due at once, as before.
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_message_delivered_at_next_attempt_at', ['delivered_at', 'next_attempt_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_delivered_at_next_attempt_at')
        batch_op.drop_column('next_attempt_at')
