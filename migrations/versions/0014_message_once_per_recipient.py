"""message: a reminder goes once for a decision (or booking), point and recipient

News about a person now goes to the person (or a child's representative) and to carers whose
mandate is in force, so the same reminder is written once to each of them.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 20:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint('uq_message_reminder_once', type_='unique')
        batch_op.create_unique_constraint('uq_message_reminder_once', ['kind', 'about', 'days_before', 'recipient_iin'])


def downgrade():
    # Keeps one message per reminder again: the copies to carers are deleted first.
    op.execute("DELETE FROM message WHERE days_before IS NOT NULL AND id NOT IN ("
               "SELECT min(id) FROM message WHERE days_before IS NOT NULL GROUP BY kind, about, days_before)")
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint('uq_message_reminder_once', type_='unique')
        batch_op.create_unique_constraint('uq_message_reminder_once', ['kind', 'about', 'days_before'])
