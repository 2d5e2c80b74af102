"""person.guardianship_court_decision and guardianship_decided_on: the court decision that appointed
the guardian (the legal representative) of an adult declared incapable (issue #22, rule 9)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('guardianship_court_decision', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('guardianship_decided_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('guardianship_decided_on')
        batch_op.drop_column('guardianship_court_decision')
