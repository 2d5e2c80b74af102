"""mandate asks: one pending ask per carer and person, and when the person was looked up and told

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'requested'")


def upgrade():
    # Asks made before were told at once, inside the carer's request: mark them checked and told,
    # so the job does not tell those people a second time.
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('told_at', sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE mandate SET checked_at = created_at, told_at = created_at")
    # An older pair may have several asks waiting: keep the first, end the others, before the
    # index allows one.
    op.execute("UPDATE mandate SET status = 'ended' WHERE status = 'requested' AND id NOT IN "
               "(SELECT first_id FROM (SELECT min(id) AS first_id FROM mandate WHERE status = 'requested' "
               "GROUP BY carer_iin, person_iin) AS firsts)")
    op.create_index('uq_mandate_one_pending_ask', 'mandate', ['carer_iin', 'person_iin'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_index('uq_mandate_one_pending_ask', table_name='mandate', sqlite_where=PENDING,
                  postgresql_where=PENDING)
    with op.batch_alter_table('mandate', schema=None) as batch_op:
        batch_op.drop_column('told_at')
        batch_op.drop_column('checked_at')
